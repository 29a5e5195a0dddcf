package io.wizzygen.ai;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The egress policy for base URLs a team member chose: strict parsing, no address that is not public unless the
 * operator allowed it, the connection to the checked address (no second lookup), no redirects, and none of the
 * host's own words in errors.
 */
class EgressTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.9.9.9", "10.0.0.5", "172.16.3.4", "172.31.255.255", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "0.1.2.3", "224.0.0.251", "255.255.255.255", "240.0.0.1", "::1", "::", "fc00::1", "fd12:3456::1",
        "fe80::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "::a9fe:a9fe"})
    void addressesOfThisMachineItsNetworksAndTheCloudMetadataAreNotPublic(String address) throws Exception {
        assertThat(Egress.isPublic(InetAddress.getByName(address))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "2001:4860:4860::8888"})
    void internetAddressesArePublic(String address) throws Exception {
        assertThat(Egress.isPublic(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/v1?", "http://example.com/v1?x=1", "http://example.com/v1#frag", "http://user:pw@example.com/v1",
        "ftp://example.com/v1", "file:///etc/passwd", "http://exa_mple.com/v1", "http://", "not a url"})
    void aMembersBaseUrlIsParsedStrictly(String url) {
        assertThatThrownBy(() -> Egress.publicOnly(List.of()).checkBaseUrl(url)).isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("Exception");
    }

    @Test
    void theOperatorsOwnEndpointsKeepTodaysFreedom() {
        Egress.ANYWHERE.checkBaseUrl("http://127.0.0.1:11434/v1");
        assertThat(Egress.ANYWHERE.destination(URI.create("http://127.0.0.1:9/v1/models")).uri()).isEqualTo(URI.create("http://127.0.0.1:9/v1/models"));
        assertThatThrownBy(() -> Egress.ANYWHERE.checkBaseUrl("ftp://example.com")).hasMessageContaining("http:// or https://");
    }

    @Test
    void aNameThatLeadsIntoThePrivateNetworkAndOneThatLeadsNowhereAreRefusedInTheSameWords() {
        Egress policy = Egress.publicOnly(List.of(), host -> switch (host) {
            case "intranet.example" -> List.of(InetAddress.getByName("10.1.2.3"));
            case "mixed.example" -> List.of(InetAddress.getByName("93.184.215.14"), InetAddress.getByName("127.0.0.1"));
            default -> throw new java.net.UnknownHostException(host);
        });
        String intranet = refusal(policy, "http://intranet.example/v1/models");
        String nowhere = refusal(policy, "http://nowhere.example/v1/models");
        assertThat(intranet.replace("intranet", "X")).isEqualTo(nowhere.replace("nowhere", "X"));
        assertThat(intranet).contains("intranet.example:80", "--allow-ai-host intranet.example:80").doesNotContain("10.1.2.3");
        assertThat(refusal(policy, "http://mixed.example/v1")).as("any private address refuses the name").contains("mixed.example");
        assertThat(refusal(policy, "http://169.254.169.254/latest/meta-data/")).contains("169.254.169.254:80");
        assertThat(refusal(policy, "http://[::1]:8080/v1")).contains("[::1]:8080");
    }

    @Test
    void theOperatorAllowsAnAddressOnOnePortOrANameAsTheMemberWritesIt() {
        Egress policy = Egress.publicOnly(List.of(Egress.AllowedHost.parse("127.0.0.1:11434"), Egress.AllowedHost.parse("ollama.internal")),
                host -> List.of(InetAddress.getByName(host.equals("ollama.internal") || host.equals("localhost") ? "127.0.0.1" : host)));
        assertThat(policy.destination(URI.create("http://127.0.0.1:11434/v1/models")).uri()).isEqualTo(URI.create("http://127.0.0.1:11434/v1/models"));
        assertThat(policy.destination(URI.create("http://localhost:11434/v1/models")).hostHeader()).as("the address is allowed on that port")
                .isEqualTo("localhost:11434");
        assertThat(refusal(policy, "http://127.0.0.1:22/")).contains("127.0.0.1:22");
        assertThat(policy.destination(URI.create("http://ollama.internal:8080/v1")).uri().getHost()).isEqualTo("127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "http://x", "a b", "host/path", "user@host", "host:port"})
    void anAllowedHostThatIsNotHostOrHostPortIsRefusedWithAnExample(String entry) {
        assertThatThrownBy(() -> Egress.AllowedHost.parse(entry)).hasMessageContaining("127.0.0.1:11434");
    }

    @Test
    void theRequestGoesToTheCheckedAddressNamingTheHostWithoutASecondLookup() throws Exception {
        try (FakeProvider server = new FakeProvider(FakeProvider.Reply.json(200,
                "{\"object\":\"list\",\"data\":[{\"id\":\"llama3.2:3b\",\"object\":\"model\"}]}"))) {
            int port = URI.create(server.baseUrl()).getPort();
            AtomicInteger lookups = new AtomicInteger();
            // "pinned.test" exists in no DNS: only the policy's one lookup can lead anywhere.
            Egress policy = Egress.publicOnly(List.of(Egress.AllowedHost.parse("pinned.test:" + port)), host -> {
                lookups.incrementAndGet();
                return List.of(InetAddress.getByName("127.0.0.1"));
            });
            AiEngine engine = compatible("http://pinned.test:" + port + "/v1", "key-of-the-member", policy);

            assertThat(engine.models()).containsExactly("llama3.2:3b");
            assertThat(lookups.get()).isEqualTo(1);
            assertThat(server.last().header("Host")).isEqualTo("pinned.test:" + port);
            assertThat(server.last().path()).isEqualTo("/v1/models");
        }
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        try (FakeProvider elsewhere = new FakeProvider(FakeProvider.Reply.json(200, "{\"object\":\"list\",\"data\":[]}"));
             FakeProvider redirecting = new FakeProvider(FakeProvider.Reply.json(302, "", Map.of("Location", elsewhere.baseUrl() + "/v1/models")))) {
            Egress policy = Egress.publicOnly(List.of(Egress.AllowedHost.parse("127.0.0.1")));
            AiEngine engine = compatible(redirecting.baseUrl() + "/v1", null, policy);

            assertThat(engine.testKey().ok()).isFalse();
            assertThat(redirecting.received()).hasSize(1);
            assertThat(elsewhere.received()).isEmpty();
        }
    }

    @Test
    void aMembersHostsErrorWordsAreNotPassedOnOnlyItsStatusAndCodes() throws Exception {
        String internal = "{\"error\":{\"message\":\"db password is hunter2\",\"type\":\"invalid_request_error\",\"code\":\"bad thing here\"},"
                + "\"detail\":\"root:x:0:0\"}";
        try (FakeProvider server = new FakeProvider(FakeProvider.Reply.json(400, internal))) {
            Egress policy = Egress.publicOnly(List.of(Egress.AllowedHost.parse("127.0.0.1")));
            AiEngine guarded = compatible(server.baseUrl() + "/v1", null, policy);
            AiException error = org.junit.jupiter.api.Assertions.assertThrows(AiException.class, () -> guarded.generate(AiRequest.of("hi")));
            assertThat(error.userMessage()).contains("HTTP 400").doesNotContain("hunter2", "root:x", "bad thing");

            AiEngine operators = compatible(server.baseUrl() + "/v1", null, Egress.ANYWHERE);
            assertThat(org.junit.jupiter.api.Assertions.assertThrows(AiException.class, () -> operators.generate(AiRequest.of("hi"))).userMessage())
                    .as("the operator's own endpoint still explains itself").contains("hunter2");
        }
        assertThat(ProviderHttp.withoutHostWords("{\"error\":{\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{\"quotaId\":\"PerDay\",\"description\":\"words\"}]}]}}"))
                .contains("RESOURCE_EXHAUSTED", "QuotaFailure", "PerDay").doesNotContain("words");
        assertThat(ProviderHttp.withoutHostWords("<html>internal admin page</html>")).isEqualTo("{}");
    }

    @Test
    void onlyAnAnswerShapedAsAModelListIsShownAsModels() throws Exception {
        try (FakeProvider server = new FakeProvider(FakeProvider.Reply.json(200, "{\"data\":[{\"id\":\"root:x:0:0\"},{\"id\":\"admin-token\"}]}"))) {
            AiEngine engine = compatible(server.baseUrl() + "/v1", null, Egress.publicOnly(List.of(Egress.AllowedHost.parse("127.0.0.1"))));
            assertThatThrownBy(engine::models).isInstanceOf(AiException.class).hasMessageContaining("not with a list of models")
                    .message().doesNotContain("root:x");
        }
    }

    private static AiEngine compatible(String baseUrl, String key, Egress policy) {
        return Engines.create(EngineSettings.forKind(EngineKind.OPENAI_COMPATIBLE).baseUrl(baseUrl).apiKey(key).model("m").maxTries(1)
                .egress(policy).build());
    }

    private static String refusal(Egress policy, String url) {
        try {
            policy.destination(URI.create(url));
        } catch (AiException e) {
            assertThat(e.kind()).isEqualTo(AiException.Kind.STOP);
            return e.userMessage();
        }
        throw new AssertionError(url + " was not refused");
    }
}
