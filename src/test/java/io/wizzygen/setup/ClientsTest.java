package io.wizzygen.setup;

import com.sun.net.httpserver.HttpServer;
import io.wizzygen.ai.Egress;
import io.wizzygen.ai.EngineKind;
import io.wizzygen.ai.EngineSettings;
import io.wizzygen.notion.NotionException;
import io.wizzygen.store.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whose secrets serve whom: the local owner's environment is the owner's; a team server's environment is the
 * operator's, whose NOTION_TOKEN serves no member and whose AI keys go only to their own endpoints.
 */
class ClientsTest {

    private static final String OPERATOR_NOTION = "ntn_operator_canary";
    private static final String OPERATOR_OPENAI = "sk-operator-openai-canary";
    private static final String OPERATOR_GEMINI = "operator-gemini-canary";

    private HttpServer notion;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startNotion() throws Exception {
        notion = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        notion.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"object\":\"user\",\"id\":\"6d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6\",\"type\":\"bot\",\"name\":\"Member's bot\",\"bot\":{}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        notion.start();
    }

    @AfterEach
    void stopNotion() {
        notion.stop(0);
    }

    private String notionUrl() {
        return "http://127.0.0.1:" + notion.getAddress().getPort();
    }

    private Environment operators() {
        return Environment.of(Map.of("NOTION_TOKEN", OPERATOR_NOTION, "NOTION_API_BASE_URL", notionUrl(), "OPENAI_API_KEY", OPERATOR_OPENAI,
                "OPENAI_BASE_URL", "https://openai-gateway.example.com/v1", "GEMINI_API_KEY", OPERATOR_GEMINI));
    }

    private Clients members() {
        return Clients.forMembers(operators(), null, Egress.publicOnly(List.of()));
    }

    private static Settings engine(String engine, String apiKey, String baseUrl) {
        return new Settings(null, engine, apiKey, null, baseUrl, null, null);
    }

    @Test
    void theOperatorsNotionTokenServesNoMemberNotEvenThroughTheClientsDefault() {
        Clients clients = members();
        assertThat(clients.hasNotionSecret(Settings.EMPTY)).isFalse();
        assertThatThrownBy(() -> clients.notion(Settings.EMPTY)).isInstanceOf(NotionException.class)
                .satisfies(e -> assertThat(((NotionException) e).userMessage()).isEqualTo("Save your Notion Internal Integration Secret Key in Settings first."));
        assertThat(clients.testNotion(Settings.EMPTY).message()).isEqualTo("Save your Notion Internal Integration Secret Key in Settings first.");
        assertThat(clients.checklist(Settings.EMPTY).get(1).done()).isFalse();

        Settings own = new Settings(null, null, null, null, null, "ntn_members_own", null);
        assertThat(clients.testNotion(own).message()).contains("Member's bot");
        assertThat(authorizations).containsExactly("Bearer ntn_members_own");
    }

    @Test
    void theLocalOwnersNotionTokenIsTheOwnersAndWinsOverTheSavedOne() {
        Clients clients = Clients.forOwner(operators(), null);
        assertThat(clients.testNotion(new Settings(null, null, null, null, null, "ntn_saved", null)).ok()).isTrue();
        assertThat(authorizations).containsExactly("Bearer " + OPERATOR_NOTION);
        assertThatThrownBy(() -> Clients.forOwner(Environment.of(Map.of()), notionUrl()).notion(Settings.EMPTY))
                .hasMessageContaining("NOTION_TOKEN");
    }

    @Test
    void theServersAiKeyServesAMemberOnlyAtItsOwnEndpoint() {
        EngineSettings openAi = members().engineSettings(engine("openai", null, null), null, null, null).build();
        assertThat(openAi.apiKey()).isEqualTo(OPERATOR_OPENAI);
        assertThat(openAi.baseUrl()).isEqualTo("https://openai-gateway.example.com/v1");
        assertThat(openAi.egress().guarded()).as("the operator's endpoint is the operator's choice").isFalse();
        assertThat(members().engineSettings(engine("openai", null, "https://OPENAI-gateway.example.com/v1/"), null, null, null).build().apiKey())
                .as("the same endpoint, written differently").isEqualTo(OPERATOR_OPENAI);
        assertThat(members().engineSettings(engine("gemini", null, null), null, null, null).build().baseUrl())
                .isEqualTo(EngineSettings.GEMINI_DEFAULT_BASE);

        for (String engine : List.of("openai", "gemini")) {
            assertThatThrownBy(() -> members().engineSettings(engine(engine, null, "https://elsewhere.example.com/v1"), null, null, null))
                    .as(engine).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("paste your own API key")
                    .message().doesNotContain(OPERATOR_OPENAI, OPERATOR_GEMINI);
        }
        assertThat(members().testEngine(engine("openai", null, "http://127.0.0.1:9/v1")).message()).contains("paste your own API key");
        assertThat(members().checklist(engine("openai", null, "https://elsewhere.example.com/v1")).getFirst().done()).isFalse();
    }

    @Test
    void aMembersOwnKeyGoesWhereTheMemberSaysUnderTheEgressPolicy() {
        EngineSettings own = members().engineSettings(engine("openai", "sk-members-own", "https://elsewhere.example.com/v1"), null, null, null).build();
        assertThat(own.apiKey()).isEqualTo("sk-members-own");
        assertThat(own.egress().guarded()).isTrue();
        EngineSettings ownAtDefault = members().engineSettings(engine("openai", "sk-members-own", null), null, null, null).build();
        assertThat(ownAtDefault.apiKey()).as("a member's own key before the server's").isEqualTo("sk-members-own");
        EngineSettings compatible = members().engineSettings(new Settings(null, "openai-compatible", null, "llama3", "http://ollama.example.com/v1",
                null, null), null, null, null).build();
        assertThat(compatible.apiKey()).isNull();
        assertThat(compatible.egress().guarded()).isTrue();
        assertThatThrownBy(() -> members().engineSettings(new Settings(null, "openai-compatible", null, "llama3", "http://ollama.example.com/v1?",
                null, null), null, null, null).build()).hasMessageContaining("query");
    }

    @Test
    void theLocalOwnerKeepsTodaysPrecedenceAndFreedom() {
        Clients owner = Clients.forOwner(operators(), null);
        EngineSettings settings = owner.engineSettings(engine("openai", "sk-saved", "http://127.0.0.1:11434/v1"), null, null, null).build();
        assertThat(settings.apiKey()).as("flags > environment > saved settings").isEqualTo(OPERATOR_OPENAI);
        assertThat(settings.baseUrl()).isEqualTo("http://127.0.0.1:11434/v1");
        assertThat(settings.egress().guarded()).isFalse();
        assertThat(owner.engineKind(Settings.EMPTY, null)).isEqualTo(EngineKind.GEMINI);
    }
}
