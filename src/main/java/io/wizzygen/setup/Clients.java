package io.wizzygen.setup;

import io.wizzygen.ai.AiEngine;
import io.wizzygen.ai.Egress;
import io.wizzygen.ai.EngineKind;
import io.wizzygen.ai.EngineSettings;
import io.wizzygen.ai.Engines;
import io.wizzygen.notion.Bot;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionException;
import io.wizzygen.notion.RateBudget;
import io.wizzygen.store.Settings;
import io.wizzygen.store.SqlRateBudgets;
import io.wizzygen.store.Store;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Builds clients from one account's saved settings and the environment.
 *
 * <p>For the owner (local mode, the command line) the environment's secrets serve as the owner's own and win over
 * saved ones (CONTRACTS.md: flags > environment > saved settings). For members (team mode) the environment is the
 * operator's: {@code NOTION_TOKEN} serves nobody; an AI key of the environment is sent only to its own endpoint
 * ({@code OPENAI_BASE_URL} / {@code GEMINI_BASE_URL}, else the provider's), and only for a member who has none of
 * their own; a base URL a member chose is reached under the {@link Egress#publicOnly} policy.
 */
public final class Clients {

    static final String NO_SECRET_MEMBER = "Save your Notion Internal Integration Secret Key in Settings first.";
    static final String NO_SECRET_OWNER = "No Notion secret is set: save your Notion Internal Integration Secret Key in Settings first, "
            + "or set NOTION_TOKEN.";
    /** Notion's own limit for one integration, in requests per second: the pace unless configured otherwise. */
    public static final double NOTION_RATE = 3;

    private final Environment env;
    private final String notionBaseUrl;
    private final Egress membersEgress;
    private final Double notionRateFlag;
    private final RateBudget.Source budgets;

    private Clients(Environment env, String notionBaseUrl, Egress membersEgress, Double notionRateFlag, RateBudget.Source budgets) {
        this.env = env;
        this.notionBaseUrl = notionBaseUrl;
        this.membersEgress = membersEgress;
        this.notionRateFlag = notionRateFlag;
        this.budgets = budgets;
    }

    /**
     * These clients pacing Notion at the flag's rate (requests per second, 0 = unlimited), else NOTION_RATE_LIMIT's,
     * else 3; a rate that is not one is refused here, before anything runs.
     */
    public Clients withNotionRate(Double flag) {
        notionRate(flag, env);
        return new Clients(env, notionBaseUrl, membersEgress, flag, budgets);
    }

    /** These clients drawing each token's Notion budget from the store, shared with every process that uses it. */
    public Clients sharingBudgetsIn(Store store) {
        return new Clients(env, notionBaseUrl, membersEgress, notionRateFlag, new SqlRateBudgets(store));
    }

    private static double notionRate(Double flag, Environment env) {
        if (flag != null) {
            return checkedRate(flag, "--notion-rate " + flag);
        }
        String variable = env.get("NOTION_RATE_LIMIT");
        if (!present(variable)) {
            return NOTION_RATE;
        }
        try {
            return checkedRate(Double.parseDouble(variable.strip()), "NOTION_RATE_LIMIT=" + variable);
        } catch (NumberFormatException e) {
            return checkedRate(Double.NaN, "NOTION_RATE_LIMIT=" + variable);
        }
    }

    private static double checkedRate(double rate, String given) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(given + " is not a rate: give Notion requests per second as a number, 3 for Notion's limit "
                    + "or 0 for no limit (the sandbox).");
        }
        return rate;
    }

    /**
     * The owner's clients: the environment's secrets are the owner's. {@code notionBaseUrl}: where Notion is (null:
     * NOTION_API_BASE_URL or api.notion.com), e.g. the demo's sandbox.
     */
    public static Clients forOwner(Environment env, String notionBaseUrl) {
        return new Clients(env, notionBaseUrl, null, null, RateBudget.Source.IN_MEMORY);
    }

    /** Team members' clients: the environment is the operator's; members' AI base URLs may reach only {@code membersEgress}. */
    public static Clients forMembers(Environment env, String notionBaseUrl, Egress membersEgress) {
        return new Clients(env, notionBaseUrl, java.util.Objects.requireNonNull(membersEgress), null, RateBudget.Source.IN_MEMORY);
    }

    private boolean members() {
        return membersEgress != null;
    }

    public NotionClient notion(Settings saved) {
        String token = notionSecret(saved);
        if (token == null) {
            throw new NotionException(0, "missing_token", members() ? NO_SECRET_MEMBER : NO_SECRET_OWNER, null);
        }
        String baseUrl = notionBaseUrl != null ? notionBaseUrl : env.get("NOTION_API_BASE_URL");
        return NotionClient.builder().baseUrl(baseUrl).token(token).rateLimit(notionRate(notionRateFlag, env))
                .rateBudgets(budgets).build();
    }

    public boolean hasNotionSecret(Settings saved) {
        return notionSecret(saved) != null;
    }

    /** The owner's NOTION_TOKEN, else the saved secret; a member's saved secret only. */
    private String notionSecret(Settings saved) {
        return !members() && env.has("NOTION_TOKEN") ? env.get("NOTION_TOKEN") : saved.notionSecret();
    }

    /** What to do without a Notion secret, in the words of this mode. */
    public String missingNotionSecret() {
        return members() ? NO_SECRET_MEMBER : NO_SECRET_OWNER;
    }

    /** The engine kind: the flag, else the saved choice, else Gemini or OpenAI when the environment has its key. */
    public EngineKind engineKind(Settings saved, String flag) {
        if (present(flag)) {
            return EngineKind.parse(flag);
        }
        if (saved.engine() != null) {
            return EngineKind.parse(saved.engine());
        }
        if (env.has("GEMINI_API_KEY")) {
            return EngineKind.GEMINI;
        }
        if (env.has("OPENAI_API_KEY")) {
            return EngineKind.OPENAI;
        }
        throw new IllegalArgumentException("No AI engine is configured: choose one in Settings, set GEMINI_API_KEY or OPENAI_API_KEY, "
                + "or pass --engine (--engine demo works offline).");
    }

    /** Settings for the engine: model and base URL from the flags, else saved, else defaults; the key as the mode says (see the class). */
    public EngineSettings.Builder engineSettings(Settings saved, String engineFlag, String modelFlag, String baseUrlFlag) {
        EngineKind kind = engineKind(saved, engineFlag);
        boolean savedIsThisEngine = saved.engine() != null && EngineKind.parse(saved.engine()) == kind;
        String savedKey = savedIsThisEngine ? saved.apiKey() : null;
        String chosenBase = present(baseUrlFlag) ? baseUrlFlag : savedIsThisEngine ? saved.baseUrl() : null;
        EngineSettings.Builder builder;
        if (!members()) {
            builder = EngineSettings.forKind(kind, env.variables());
            if (!env.has(keyVariable(kind))) {
                builder.apiKey(savedKey);
            }
        } else if (chosenBase == null || sameEndpoint(chosenBase, serverEndpoint(kind))) {
            builder = EngineSettings.forKind(kind, env.variables()).apiKey(savedKey); // the member's own key first, else the server's
        } else {
            if (savedKey == null && env.has(keyVariable(kind))) {
                throw new IllegalArgumentException("This server's " + kind.displayName() + " key is used only with " + serverEndpoint(kind)
                        + ". With a base URL of your own, paste your own API key in Settings (or clear the base URL).");
            }
            builder = EngineSettings.forKind(kind, env.without(List.of(keyVariable(kind))).variables()).apiKey(savedKey).egress(membersEgress);
        }
        if (savedIsThisEngine) {
            builder.model(saved.model());
        }
        return builder.baseUrl(chosenBase).model(modelFlag);
    }

    public AiEngine engine(Settings saved, String engineFlag, String modelFlag, String baseUrlFlag) {
        return Engines.create(engineSettings(saved, engineFlag, modelFlag, baseUrlFlag).build());
    }

    /** Refuses a base URL this mode cannot use (checked as the member saves it; the address is checked at each call). */
    public void checkBaseUrl(String url) {
        (members() ? membersEgress : Egress.ANYWHERE).checkBaseUrl(url);
    }

    /** "Test" for the Notion secret: who the integration is, or what is wrong, in words. */
    public Check testNotion(Settings saved) {
        if (!hasNotionSecret(saved)) {
            return new Check(false, members() ? NO_SECRET_MEMBER
                    : "No Notion secret yet: paste the Internal Integration Secret from notion.so/profile/integrations.");
        }
        try {
            Bot bot = notion(saved).me();
            return new Check(true, "Connected to Notion as \"" + bot.name() + "\".");
        } catch (NotionException e) {
            return new Check(false, e.userMessage());
        } catch (IllegalArgumentException e) {
            return new Check(false, e.getMessage());
        }
    }

    /** "Test" for the AI key: the cheapest call that proves key and model work. */
    public Check testEngine(Settings saved) {
        try {
            AiEngine.KeyCheck check = engine(saved, null, null, null).testKey();
            return new Check(check.ok(), check.message());
        } catch (IllegalArgumentException e) {
            return new Check(false, e.getMessage());
        }
    }

    /** The models the saved engine offers, empty when they cannot be listed (the field then takes free text). */
    public List<String> models(Settings saved) {
        try {
            return engine(saved, null, null, null).models();
        } catch (RuntimeException cannotList) {
            return List.of();
        }
    }

    /** A check's answer in words. */
    public record Check(boolean ok, String message) {
    }

    /** One line of the Home checklist: done, or what is missing. */
    public record Step(String name, boolean done, String detail) {
    }

    /** The setup checklist: AI engine, Notion secret, Connections database. */
    public List<Step> checklist(Settings saved) {
        Step engine;
        try {
            EngineKind kind = engineKind(saved, null);
            boolean keyed = kind == EngineKind.DEMO || kind == EngineKind.OPENAI_COMPATIBLE || hasKey(saved);
            engine = new Step("AI engine", keyed, keyed ? kind.displayName() : kind.displayName() + " is chosen but has no API key");
        } catch (IllegalArgumentException none) {
            engine = new Step("AI engine", false, "Choose an AI engine and paste its API key");
        }
        Step notion = new Step("Notion secret", hasNotionSecret(saved),
                hasNotionSecret(saved) ? "Saved" : "Paste the Notion Internal Integration Secret Key");
        Step connections = new Step("Connections database", saved.connectionsDatabase() != null,
                saved.connectionsDatabase() != null ? "Set" : "Paste the link of your Connections database, or let Wizzygen create it");
        return List.of(engine, notion, connections);
    }

    /** True when the saved engine has a key it may use (its own, or the environment's as the mode allows). */
    private boolean hasKey(Settings saved) {
        try {
            return engineSettings(saved, null, null, null).build().apiKey() != null;
        } catch (IllegalArgumentException noKey) {
            return false;
        }
    }

    /** The endpoint the environment's key belongs to: its base URL variable, else the provider's; none for other engines. */
    private String serverEndpoint(EngineKind kind) {
        return switch (kind) {
            case GEMINI -> env.has("GEMINI_BASE_URL") ? env.get("GEMINI_BASE_URL") : EngineSettings.GEMINI_DEFAULT_BASE;
            case OPENAI -> env.has("OPENAI_BASE_URL") ? env.get("OPENAI_BASE_URL") : EngineSettings.OPENAI_DEFAULT_BASE;
            default -> null;
        };
    }

    private static String keyVariable(EngineKind kind) {
        return switch (kind) {
            case GEMINI -> "GEMINI_API_KEY";
            case OPENAI -> "OPENAI_API_KEY";
            default -> "";
        };
    }

    /** Same scheme, host, port and path (a trailing slash and the case of scheme and host aside). */
    static boolean sameEndpoint(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        try {
            return normalised(URI.create(a.strip())).equals(normalised(URI.create(b.strip())));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static String normalised(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return scheme + "://" + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@") + String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT)
                + ":" + port + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
