package io.wizzygen.web;

import io.wizzygen.testing.ServerProcess;

import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.SearchResult;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.wizzygen.web.DemoHttp.form;
import static io.wizzygen.web.DemoHttp.randomHex;
import static io.wizzygen.web.DemoHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 as an attacker tries it: a team server in its own process, started with the operator's NOTION_TOKEN,
 * OPENAI_API_KEY and GEMINI_API_KEY set to canary values; every service it can reach is a capture server that
 * records each request (Notion through a recording proxy to the sandbox, the operator's OpenAI and Gemini, a
 * member's own AI servers over HTTP and HTTPS that the operator allowed, and a service of the operator's own
 * network that nobody allowed). Members then try to use the operator's secrets and reach the operator's network;
 * sign-in and sign-up are flooded. The figures asked for are printed as "MEASURED …" lines.
 */
class TeamSecurityTest {

    private static final String NOTION_CANARY = "ntn_" + randomHex() + "OperatorNotion";
    private static final String OPENAI_CANARY = "sk-proj-" + randomHex() + "OperatorOpenAi";
    private static final String GEMINI_CANARY = "AIza" + randomHex() + "OperatorGemini";
    private static final List<String> OPERATOR_SECRETS = List.of(NOTION_CANARY, OPENAI_CANARY, GEMINI_CANARY);
    private static final String INTERNAL_CANARY = "INTERNAL-" + randomHex();
    private static final String HOST_WORDS_CANARY = "HOST-WORDS-" + randomHex();
    private static final String PASSWORD = "correct horse battery staple";

    private static Path folder;
    private static SandboxServer sandbox;
    private static CaptureServer notionProxy;
    private static CaptureServer operatorOpenAi;
    private static CaptureServer operatorGemini;
    private static CaptureServer internal;
    private static CaptureServer membersAi;
    private static CaptureServer membersTls;
    private static ServerProcess team;
    private static TeamHttp web;
    private static TeamHttp.Member admin;
    private static String samplePage;
    private static String connectionsDatabase;
    /** Every answer a member was shown: no internal answer and no host's own words may be among them. */
    private static final List<String> shown = new CopyOnWriteArrayList<>();
    private static final Map<String, Object> measured = new TreeMap<>();
    private static final AtomicInteger addresses = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        folder = Files.createTempDirectory("wizzygen-team-security");
        sandbox = SandboxServer.start(new SandboxOptions(0, NOTION_CANARY, null, 0, 0, 0, "127.0.0.1"));
        NotionClient notion = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(NOTION_CANARY).rateLimit(0, 1).build();
        samplePage = find(notion, "Sample page");
        connectionsDatabase = find(notion, "Connections");
        notionProxy = CaptureServer.http("Notion", TeamSecurityTest::toSandbox);
        operatorOpenAi = CaptureServer.http("the operator's OpenAI", request -> request.uri().endsWith("/models")
                ? modelList("gpt-5.6-terra", request.header("Authorization"), "Bearer " + OPENAI_CANARY)
                : CaptureServer.Answer.json(404, "{}"));
        operatorGemini = CaptureServer.http("the operator's Gemini", request -> String.valueOf(request.header("x-goog-api-key")).equals(GEMINI_CANARY)
                ? CaptureServer.Answer.json(200, "{\"name\":\"models/gemini-flash-latest\",\"supportedGenerationMethods\":[\"generateContent\"]}")
                : CaptureServer.Answer.json(400, "{\"error\":{\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\"}]}}"));
        internal = CaptureServer.http("a service of the operator's network", request ->
                CaptureServer.Answer.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"" + INTERNAL_CANARY + "\",\"object\":\"model\"}]}"));
        membersAi = CaptureServer.http("a member's own AI server", TeamSecurityTest::membersAnswer);
        Path keys = folder.resolve("tls");
        SSLContext tls = localhostCertificate(keys);
        membersTls = CaptureServer.https("a member's own AI server over HTTPS", tls, request -> modelList("tls-model", null, null));

        Map<String, String> env = Map.of("NOTION_TOKEN", NOTION_CANARY, "NOTION_API_BASE_URL", notionProxy.url(),
                "OPENAI_API_KEY", OPENAI_CANARY, "OPENAI_BASE_URL", operatorOpenAi.url() + "/v1",
                "GEMINI_API_KEY", GEMINI_CANARY, "GEMINI_BASE_URL", operatorGemini.url(),
                "XDG_CONFIG_HOME", folder.resolve("config").toString());
        team = ServerProcess.start(folder.resolve("team.log"), env,
                List.of("-Djavax.net.ssl.trustStore=" + keys.resolve("trust.p12"), "-Djavax.net.ssl.trustStorePassword=changeit"),
                "--mode", "team", "--data", folder.resolve("team-data").toString(), "--trust-proxy",
                "--allow-ai-host", "127.0.0.1:" + membersAi.port(), "--allow-ai-host", "localhost:" + membersTls.port());
        web = new TeamHttp(team.port());
        admin = member("admin"); // the first account: the admin
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (team != null) {
                String logged = team.log();
                team.close();
                for (String secret : OPERATOR_SECRETS) {
                    assertThat(logged).as("the team server's log").doesNotContain(secret);
                }
            }
            measured.put("internal answers or host words shown to members (" + shown.size() + " answers read)", internalAnswersShown().size());
            assertThat(internalAnswersShown()).isEmpty();
        } finally {
            measured.forEach((what, figure) -> System.out.println("MEASURED " + what + ": " + figure));
            for (AutoCloseable server : new AutoCloseable[] {notionProxy, operatorOpenAi, operatorGemini, internal, membersAi, membersTls, sandbox}) {
                if (server != null) {
                    server.close();
                }
            }
        }
    }

    // ---------------------------------------------------------------- findings 1 to 3: the operator's secrets and network

    @Test
    void aMemberWithoutANotionSecretIsToldToSaveOneAndTheOperatorsTokenIsNeverSent() {
        TeamHttp.Member member = member("no-secret");
        String saveFirst = "Save your Notion Internal Integration Secret Key in Settings first.";
        HttpResponse<String> create = member.post("/create", form("name", "In the operator's workspace", "type", "Notion Page", "template", "own",
                "url", samplePage));
        assertThat(create.statusCode()).as(text(create.body())).isGreaterThanOrEqualTo(400);
        assertThat(text(create.body())).contains(saveFirst);
        HttpResponse<String> sample = member.post("/create", form("name", "Sample", "type", "Notion Database", "template", "sample",
                "parentPage", samplePage));
        assertThat(text(sample.body())).contains(saveFirst);
        assertThat(text(member.post("/settings/test/notion", form()).body())).contains(saveFirst);
        HttpResponse<String> database = member.post("/settings/connections-database", form("parentPage", samplePage));
        assertThat(text(database.body())).contains(saveFirst);
        assertThat(text(member.page("/create"))).contains("no Notion secret yet");
        HttpResponse<String> copy = admin.post("/feedback/notion", form("copyLink", connectionsDatabase));
        assertThat(text(copy.body())).contains(saveFirst);
        remember(create, sample, database, copy);

        assertThat(notionProxy.carrying(List.of(NOTION_CANARY))).as("requests to Notion with the operator's token").isEmpty();
        measured.put("Notion requests made for members with the operator's NOTION_TOKEN", notionProxy.carrying(List.of(NOTION_CANARY)).size());
    }

    @Test
    void theServersAiKeysGoOnlyToTheirOwnEndpointsAndAMemberWithAnotherBaseUrlMustBringAKey() {
        TeamHttp.Member member = member("borrower");
        String ownMembersServer = membersAi.url() + "/v1";
        for (String engine : List.of("openai", "gemini")) {
            HttpResponse<String> test = member.post("/settings/test/ai", form("engine", engine, "baseUrl", ownMembersServer, "apiKey", "", "model", ""));
            assertThat(text(test.body())).as(engine).contains("paste your own API key");
            remember(test);
        }
        member.saveSettings("", "openai", "", "");
        HttpResponse<String> saved = member.post("/settings", form("connectionsDatabase", "", "engine", "openai", "baseUrl", ownMembersServer,
                "apiKey", "", "model", "gpt-4o", "notionSecret", ""));
        assertThat(saved.statusCode()).isEqualTo(303);
        remember(member.get("/settings/models"), member.get("/"));

        HttpResponse<String> atTheServersEndpoint = member.post("/settings/test/ai", form("engine", "openai", "baseUrl", "", "apiKey", "", "model", ""));
        assertThat(text(atTheServersEndpoint.body())).as("the server's key at its own endpoint serves the member").contains("The OpenAI key works");
        HttpResponse<String> gemini = member.post("/settings/test/ai", form("engine", "gemini", "baseUrl", "", "apiKey", "", "model", ""));
        assertThat(text(gemini.body())).contains("The Gemini key works");
        remember(atTheServersEndpoint, gemini);

        List<CaptureServer.Request> leaked = new ArrayList<>();
        for (CaptureServer server : List.of(internal, membersAi, membersTls, notionProxy)) {
            leaked.addAll(server.carrying(OPERATOR_SECRETS));
        }
        leaked.addAll(operatorOpenAi.carrying(List.of(NOTION_CANARY, GEMINI_CANARY)));
        leaked.addAll(operatorGemini.carrying(List.of(NOTION_CANARY, OPENAI_CANARY)));
        assertThat(leaked).as("operator secrets outside their own endpoints").isEmpty();
        assertThat(operatorOpenAi.carrying(List.of(OPENAI_CANARY))).as("the key at its own endpoint").isNotEmpty();
        measured.put("members' requests carrying an operator secret anywhere but its own endpoint", leaked.size());
    }

    @Test
    void aMembersBaseUrlReachesNeitherThisMachineNorItsNetworksUnlessTheOperatorAllowedIt() {
        TeamHttp.Member member = member("prober");
        int port = internal.port();
        List<String> probes = List.of("http://127.0.0.1:" + port + "/v1", "http://localhost:" + port + "/v1", "http://[::1]:" + port + "/v1",
                "http://0.0.0.0:" + port + "/v1", "http://169.254.169.254/latest/meta-data",
                "http://10.0.0.1/v1", "http://192.168.1.1/v1", "http://[fd00::1]/v1", "http://100.100.100.200/v1");
        for (String probe : probes) {
            HttpResponse<String> test = member.post("/settings/test/ai", form("engine", "openai-compatible", "baseUrl", probe, "apiKey", "sk-member",
                    "model", "m"));
            assertThat(text(test.body())).as(probe).contains("does not connect to", "--allow-ai-host").doesNotContain(INTERNAL_CANARY);
            HttpResponse<String> saved = member.post("/settings", form("connectionsDatabase", "", "engine", "openai-compatible", "baseUrl", probe,
                    "apiKey", "sk-member", "model", "m", "notionSecret", ""));
            assertThat(saved.statusCode()).isEqualTo(303);
            HttpResponse<String> models = member.get("/settings/models");
            assertThat(models.body()).as(probe).doesNotContain(INTERNAL_CANARY);
            remember(test, saved, models);
        }
        for (String trick : List.of(membersAi.url() + "/v1?", membersAi.url() + "/v1#", "http://user:pw@127.0.0.1:" + port + "/v1",
                "http://127.1:" + port + "/v1")) {
            HttpResponse<String> saved = member.post("/settings", form("connectionsDatabase", "", "engine", "openai-compatible", "baseUrl", trick,
                    "apiKey", "sk-member", "model", "m", "notionSecret", ""));
            assertThat(saved.statusCode()).as(trick).isEqualTo(400);
            remember(saved);
        }
        assertThat(internal.received()).as("requests that reached the unlisted service").isEmpty();
        measured.put("loopback/private connections made for a member without an allow-list (" + probes.size() + " addresses tried)",
                internal.received().size());
    }

    @Test
    void anAllowedServerIsReachedAtTheCheckedAddressButItsWordsAndNonListsAreNotShown() {
        TeamHttp.Member member = member("ollama-user");
        HttpResponse<String> ok = member.post("/settings/test/ai", form("engine", "openai-compatible", "baseUrl", membersAi.url() + "/v1",
                "apiKey", "", "model", "llama3.2:3b"));
        assertThat(text(ok.body())).contains("The server answers and the model llama3.2:3b is available");
        HttpResponse<String> tls = member.post("/settings/test/ai", form("engine", "openai-compatible",
                "baseUrl", "https://localhost:" + membersTls.port() + "/v1", "apiKey", "", "model", "tls-model"));
        assertThat(text(tls.body())).as("HTTPS to the checked address, the certificate checked against the name").contains("tls-model is available");
        assertThat(membersTls.received().getLast().header("Host")).isEqualTo("localhost:" + membersTls.port());

        HttpResponse<String> words = member.post("/settings/test/ai", form("engine", "openai-compatible", "baseUrl", membersAi.url() + "/words/v1",
                "apiKey", "", "model", "m"));
        assertThat(text(words.body())).contains("HTTP 400");
        member.post("/settings", form("connectionsDatabase", "", "engine", "openai-compatible", "baseUrl", membersAi.url() + "/not-a-list/v1",
                "apiKey", "", "model", "m", "notionSecret", ""));
        HttpResponse<String> notAList = member.get("/settings/models");
        remember(ok, tls, words, notAList);

        assertThat(internalAnswersShown()).as("answers shown to members with an internal answer or a host's own words").isEmpty();
        assertThat(membersAi.received().stream().map(CaptureServer.Request::uri)).contains("/words/v1/models", "/not-a-list/v1/models");
    }

    private static List<String> internalAnswersShown() {
        return shown.stream().filter(s -> s.contains(INTERNAL_CANARY) || s.contains(HOST_WORDS_CANARY)).toList();
    }

    // ---------------------------------------------------------------- finding 5: sign-in

    @Test
    void fortySignInsAtOnceCheckAtMostFivePasswordsAndTheAccountStaysOpenFromElsewhere() throws Exception {
        TeamHttp.Member victim = member("victim");
        String attacker = nextAddress();
        List<CompletableFuture<HttpResponse<String>>> attempts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String password = i == 20 ? PASSWORD : "guess number " + i;
            attempts.add(web.postAsync("/signin", form("email", victim.email, "password", password), "Origin", web.origin, "X-Forwarded-For", attacker));
        }
        Map<Integer, Integer> statuses = statuses(attempts);
        int checked = statuses.getOrDefault(401, 0) + statuses.getOrDefault(303, 0);
        assertThat(checked).as("password checks: " + statuses).isLessThanOrEqualTo(5);
        assertThat(statuses.getOrDefault(429, 0)).isEqualTo(40 - checked);
        measured.put("password checks for 40 concurrent sign-ins (39 wrong) from one address", checked + " " + statuses);

        HttpResponse<String> owner = web.post("/signin", form("email", victim.email, "password", PASSWORD), "Origin", web.origin,
                "X-Forwarded-For", nextAddress());
        assertThat(owner.statusCode()).as("the owner from another address is not locked out").isEqualTo(303);
        HttpResponse<String> proxyHop = web.post("/signin", form("email", victim.email, "password", PASSWORD), "Origin", web.origin,
                "X-Forwarded-For", attacker + ", " + nextAddress());
        assertThat(proxyHop.statusCode()).as("the nearest hop of X-Forwarded-For is the address").isEqualTo(303);
    }

    @Test
    void wrongCurrentPasswordsAreThrottledLikeSignIns() {
        TeamHttp.Member member = member("changer");
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> wrong = member.post("/account/password", form("current", "guess " + i, "next", "a new passphrase here",
                    "confirm", "a new passphrase here"));
            assertThat(wrong.statusCode()).as("guess " + i).isEqualTo(400);
        }
        HttpResponse<String> sixth = member.post("/account/password", form("current", PASSWORD, "next", "a new passphrase here",
                "confirm", "a new passphrase here"));
        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(text(sixth.body())).contains("Too many wrong current passwords. Wait");
    }

    // ---------------------------------------------------------------- finding 8: sign-up flood

    @Test
    void aFloodOfSignUpsFromOneAddressMakesFiveAccountsAndNoAnswerIsAServerError() throws Exception {
        String flooder = nextAddress();
        List<CompletableFuture<HttpResponse<String>>> signUps = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String email = "flood-" + i + "-" + randomHex().substring(0, 6) + "@flood.example";
            signUps.add(web.postAsync("/signup", form("email", email, "password", PASSWORD, "confirm", PASSWORD), "Origin", web.origin,
                    "X-Forwarded-For", flooder));
        }
        Map<Integer, Integer> statuses = statuses(signUps);
        assertThat(statuses.keySet()).as("statuses: " + statuses).allMatch(status -> status < 500);
        assertThat(statuses.get(303)).isEqualTo(5);
        measured.put("5xx answers during 200 concurrent sign-ups from one address", statuses.keySet().stream().filter(s -> s >= 500)
                .mapToInt(statuses::get).sum() + " " + statuses);
    }

    @Test
    void twoHundredSignUpsAtOnceFromDifferentAddressesAllWaitForTheDatabaseAndNoneFails() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> signUps = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            String email = "crowd-" + i + "-" + randomHex().substring(0, 6) + "@crowd.example";
            signUps.add(web.postAsync("/signup", form("email", email, "password", PASSWORD, "confirm", PASSWORD), "Origin", web.origin,
                    "X-Forwarded-For", nextAddress()));
        }
        Map<Integer, Integer> statuses = statuses(signUps);
        assertThat(statuses).as("every account is made; nothing answers 5xx").isEqualTo(Map.of(303, 200));
        measured.put("5xx answers during 200 concurrent sign-ups from 200 addresses (SQLite busy handling)", "0 " + statuses + " in "
                + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
    }

    // ---------------------------------------------------------------- finding 9 (team server)

    @Test
    void nextIsAPlainPathHstsIsSentBehindATlsProxyAndFeedbackIsLimited() {
        TeamHttp.Member member = member("wanderer");
        for (String next : List.of("/\t/evil.com", "/%09/evil.com", "\\evil.com", "/\\evil.com", "//evil.com", "https://evil.com", "/\n/evil.com")) {
            HttpResponse<String> signIn = web.post("/signin", form("email", member.email, "password", PASSWORD, "next", next), "Origin", web.origin,
                    "X-Forwarded-For", nextAddress());
            assertThat(signIn.headers().firstValue("Location")).as(next).contains("/");
        }
        HttpResponse<String> kept = web.post("/signin", form("email", member.email, "password", PASSWORD, "next", "/connections?q=a%20b"),
                "Origin", web.origin, "X-Forwarded-For", nextAddress());
        assertThat(kept.headers().firstValue("Location")).contains("/connections?q=a%20b");

        HttpResponse<String> behindTls = web.get("/signin", "X-Forwarded-Proto", "https");
        long maxAge = Long.parseLong(behindTls.headers().firstValue("Strict-Transport-Security").orElse("max-age=0").replaceAll("\\D", ""));
        assertThat(maxAge).isGreaterThanOrEqualTo(15_552_000);
        assertThat(web.get("/signin").headers().firstValue("Strict-Transport-Security")).as("not over plain HTTP").isEmpty();

        HttpResponse<String> tooLong = member.post("/feedback", form("message", "x".repeat(10_001), "rating", ""));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(text(tooLong.body())).contains("10,001 characters long; keep it to 10,000 or fewer");
        assertThat(member.post("/feedback", form("message", "y".repeat(10_000), "rating", "")).statusCode()).isEqualTo(303);
    }

    @Test
    void theDataFolderIsOnlyTheOperatorsAndNoSecretReachesTheLog() throws Exception {
        Path data = folder.resolve("team-data");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("wizzygen.db")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("master.key")))).isEqualTo("rw-------");
        for (String secret : OPERATOR_SECRETS) {
            assertThat(team.log()).doesNotContain(secret);
        }
    }

    // ---------------------------------------------------------------- sign-up by invitation

    @Test
    void inviteModeNeedsASingleUseCodeFromTheCommandLineOrAnAdmin() throws Exception {
        Path data = folder.resolve("invite-data");
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", folder.resolve("config").toString(), "NOTION_TOKEN", NOTION_CANARY);
        try (ServerProcess invited = ServerProcess.start(folder.resolve("invite.log"), env, List.of(), "--mode", "team", "--signup", "invite",
                "--data", data.toString())) {
            TeamHttp site = new TeamHttp(invited.port());
            assertThat(text(site.get("/signup").body())).contains("Invite code", "signs up by invitation");
            assertThat(DemoHttp.inputValue(site.get("/signup?invite=INV-FROM-A-LINK").body(), "invite")).isEqualTo("INV-FROM-A-LINK");
            HttpResponse<String> without = site.signUpRaw("first@invite.example", PASSWORD, PASSWORD);
            assertThat(without.statusCode()).isEqualTo(400);
            assertThat(text(without.body())).contains("paste the invite code");

            ServerProcess.Finished issued = ServerProcess.run(folder.resolve("admin-invite.log"), env, "admin", "invite", "--data", data.toString());
            assertThat(issued.exit()).as(issued.output()).isZero();
            java.util.regex.Matcher printed = java.util.regex.Pattern.compile("INV-[A-Z0-9]{5}(-[A-Z0-9]{5}){3}").matcher(issued.output());
            assertThat(printed.find()).as(issued.output()).isTrue();
            String code = printed.group();
            HttpResponse<String> first = site.post("/signup", form("email", "first@invite.example", "password", PASSWORD, "confirm", PASSWORD,
                    "invite", code), "Origin", site.origin);
            assertThat(first.statusCode()).as(text(first.body())).isEqualTo(303);
            HttpResponse<String> again = site.post("/signup", form("email", "second@invite.example", "password", PASSWORD, "confirm", PASSWORD,
                    "invite", code), "Origin", site.origin);
            assertThat(text(again.body())).contains("has been used already");

            TeamHttp.Member firstAdmin = site.new Member("first@invite.example", PASSWORD, TeamHttp.sessionToken(first));
            String account = text(firstAdmin.post("/account/invites", form()).body());
            java.util.regex.Matcher made = java.util.regex.Pattern.compile("INV-[A-Z0-9]{5}(-[A-Z0-9]{5}){3}").matcher(account);
            assertThat(made.find()).as(account).isTrue();
            HttpResponse<String> second = site.post("/signup", form("email", "second@invite.example", "password", PASSWORD, "confirm", PASSWORD,
                    "invite", made.group()), "Origin", site.origin);
            assertThat(second.statusCode()).as(text(second.body())).isEqualTo(303);
            TeamHttp.Member notAdmin = site.new Member("second@invite.example", PASSWORD, TeamHttp.sessionToken(second));
            assertThat(notAdmin.post("/account/invites", form()).statusCode()).isEqualTo(403);
        }
    }

    // ---------------------------------------------------------------- finding 4 and the rest of 9: a local server

    @Test
    void aLocalServerAnswersOnlyItsOwnNamesAndDeletesWithoutAConnectionsDatabaseAndKeepsItsLimits() throws Exception {
        // The local owner's NOTION_TOKEN is the owner's own: it goes to the sandbox directly, not through the members' recording proxy.
        Map<String, String> env = Map.of("NOTION_TOKEN", NOTION_CANARY, "NOTION_API_BASE_URL", sandbox.baseUrl(), "OPENAI_API_KEY", OPENAI_CANARY,
                "XDG_CONFIG_HOME", folder.resolve("config").toString());
        try (ServerProcess local = ServerProcess.start(folder.resolve("local.log"), env, List.of(), "--data", folder.resolve("local-data").toString(),
                "--public-url", "https://wizzygen.example.com")) {
            TeamHttp owner = new TeamHttp(local.port());
            for (String host : List.of("localhost:" + local.port(), "127.0.0.1:" + local.port(), "wizzygen.example.com", "app.localhost:" + local.port())) {
                assertThat(owner.get("/", "Host", host).statusCode()).as(host).isEqualTo(200);
            }
            HttpResponse<String> rebound = owner.get("/settings", "Host", "evil.example:" + local.port());
            assertThat(rebound.statusCode()).isEqualTo(421);
            assertThat(rebound.body()).contains("local mode").doesNotContain("\n");
            HttpResponse<String> save = owner.post("/settings", form("connectionsDatabase", "", "engine", "openai-compatible",
                    "baseUrl", "https://evil.example/v1", "apiKey", "", "model", "x", "notionSecret", ""),
                    "Host", "evil.example:" + local.port(), "Origin", "http://evil.example:" + local.port());
            assertThat(save.statusCode()).as("a rebinding page cannot save the owner's settings").isEqualTo(421);
            assertThat(owner.get("/settings").body()).doesNotContain("evil.example");

            assertThat(owner.post("/settings", form("connectionsDatabase", connectionsDatabase, "engine", "demo", "baseUrl", "", "apiKey", "",
                    "model", "", "notionSecret", ""), "Origin", owner.origin).statusCode()).isEqualTo(303);
            HttpResponse<String> longName = owner.post("/create", form("name", "n".repeat(201), "type", "Notion Page", "template", "own",
                    "url", samplePage), "Origin", owner.origin);
            assertThat(longName.statusCode()).isEqualTo(400);
            assertThat(text(longName.body())).contains("The name is 201 characters long; keep it to 200 or fewer.");
            HttpResponse<String> created = owner.post("/create", form("name", "Mirrored, then unlinked", "type", "Notion Page", "template", "own",
                    "url", samplePage), "Origin", owner.origin);
            assertThat(created.headers().firstValue("Location").orElse("")).as(text(created.body())).matches("/connections/[0-9a-f-]{36}");
            String connection = created.headers().firstValue("Location").orElseThrow();
            HttpResponse<String> longPrompt = owner.post(connection + "/generate", form("prompt", "p".repeat(50_001), "mode", "append"),
                    "Origin", owner.origin);
            assertThat(longPrompt.statusCode()).isEqualTo(400);
            assertThat(text(longPrompt.body())).contains("The prompt is 50,001 characters long; keep it to 50,000 or fewer");

            assertThat(owner.post("/settings", form("connectionsDatabase", "", "engine", "demo", "baseUrl", "", "apiKey", "", "model", "",
                    "notionSecret", ""), "Origin", owner.origin).statusCode()).isEqualTo(303);
            HttpResponse<String> deleted = owner.post(connection + "/delete", form(), "Origin", owner.origin);
            assertThat(deleted.statusCode()).as(text(deleted.body())).isLessThan(300);
            assertThat(text(deleted.body())).contains("is deleted on this server. Notion was not touched");
            assertThat(owner.get(connection).statusCode()).isEqualTo(404);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static TeamHttp.Member member(String who) {
        String email = who + "-" + randomHex().substring(0, 8) + "@team.example";
        HttpResponse<String> answer = web.signUpRaw(email, PASSWORD, PASSWORD, "X-Forwarded-For", nextAddress());
        assertThat(answer.statusCode()).as("sign-up of " + email + ": " + text(answer.body())).isEqualTo(303);
        return web.new Member(email, PASSWORD, TeamHttp.sessionToken(answer));
    }

    /** A new client address (TEST-NET-3 and the benchmarking range): each test's own, so limits do not cross tests. */
    private static String nextAddress() {
        int n = addresses.incrementAndGet();
        return "198.18." + (n / 250) + "." + (1 + n % 250);
    }

    @SafeVarargs
    private static void remember(HttpResponse<String>... answers) {
        for (HttpResponse<String> answer : answers) {
            shown.add(answer.headers().map() + "\n" + answer.body());
        }
    }

    private static Map<Integer, Integer> statuses(List<CompletableFuture<HttpResponse<String>>> answers) {
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.join();
            statuses.merge(response.statusCode(), 1, Integer::sum);
            remember(response);
        }
        return statuses;
    }

    private static CaptureServer.Answer modelList(String model, String authorization, String expected) {
        if (expected != null && !expected.equals(authorization)) {
            return CaptureServer.Answer.json(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":\"invalid_api_key\"}}");
        }
        return CaptureServer.Answer.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"" + model + "\",\"object\":\"model\"}]}");
    }

    /** A member's own server: a model list; an error full of its own words; a JSON that is not a model list. */
    private static CaptureServer.Answer membersAnswer(CaptureServer.Request request) {
        if (request.uri().startsWith("/words/")) {
            return CaptureServer.Answer.json(400, "{\"error\":{\"message\":\"" + HOST_WORDS_CANARY + ": the admin password is hunter2\","
                    + "\"type\":\"invalid_request_error\"}}");
        }
        if (request.uri().startsWith("/not-a-list/")) {
            return CaptureServer.Answer.json(200, "{\"data\":[{\"id\":\"" + HOST_WORDS_CANARY + "\"}]}");
        }
        return modelList("llama3.2:3b", null, null);
    }

    /** The recording proxy in front of the sandbox: the app's Notion. */
    private static CaptureServer.Answer toSandbox(CaptureServer.Request request) throws Exception {
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + request.uri())).timeout(Duration.ofSeconds(20))
                .method(request.method(), request.body().isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(request.body()));
        for (String header : List.of("Authorization", "Notion-Version", "Content-Type")) {
            Optional.ofNullable(request.header(header)).ifPresent(value -> forward.header(header, value));
        }
        HttpResponse<String> answer = PROXY.send(forward.build(), HttpResponse.BodyHandlers.ofString());
        return new CaptureServer.Answer(answer.statusCode(), answer.headers().firstValue("Content-Type").orElse("application/json"), answer.body());
    }

    private static final HttpClient PROXY = HttpClient.newHttpClient();

    private static String find(NotionClient notion, String title) {
        return notion.search(title, Optional.empty()).filter(result -> result.title().equals(title)).map(SearchResult::url).findFirst().orElseThrow();
    }

    /** A certificate for "localhost" made with the JDK's keytool; the server process trusts only it (trust.p12). */
    private static SSLContext localhostCertificate(Path keys) throws Exception {
        Files.createDirectories(keys);
        Path server = keys.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", "tls",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "san=dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", server.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String said = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(said).isZero();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(server)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("tls", keyStore.getCertificate("tls"));
        try (var out = Files.newOutputStream(keys.resolve("trust.p12"))) {
            trust.store(out, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
        keyManagers.init(keyStore, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        return context;
    }
}
