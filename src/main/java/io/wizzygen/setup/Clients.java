package io.wizzygen.setup;

import io.wizzygen.ai.AiEngine;
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

import java.util.List;
import java.util.Map;

/**
 * Builds clients from one account's saved settings and the environment. The environment's keys win over
 * saved ones (CONTRACTS.md: flags > environment > saved settings); the engine is the one named by a flag,
 * else the saved choice, else the one whose key the environment has.
 */
public final class Clients {

    /** Notion's own limit for one integration, in requests per second: the pace unless configured otherwise. */
    public static final double NOTION_RATE = 3;

    private final Map<String, String> env;
    private final String notionBaseUrl;
    private final Double notionRateFlag;
    private final RateBudget.Source budgets;

    /** {@code notionBaseUrl}: where Notion is (null: NOTION_API_BASE_URL or api.notion.com), e.g. the demo's sandbox. */
    public Clients(Map<String, String> env, String notionBaseUrl) {
        this(Map.copyOf(env), notionBaseUrl, null, RateBudget.Source.IN_MEMORY);
    }

    private Clients(Map<String, String> env, String notionBaseUrl, Double notionRateFlag, RateBudget.Source budgets) {
        this.env = env;
        this.notionBaseUrl = notionBaseUrl;
        this.notionRateFlag = notionRateFlag;
        this.budgets = budgets;
    }

    /**
     * These clients pacing Notion at the flag's rate (requests per second, 0 = unlimited), else NOTION_RATE_LIMIT's,
     * else 3; a rate that is not one is refused here, before anything runs.
     */
    public Clients withNotionRate(Double flag) {
        notionRate(flag, env);
        return new Clients(env, notionBaseUrl, flag, budgets);
    }

    /** These clients drawing each token's Notion budget from the store, shared with every process that uses it. */
    public Clients sharingBudgetsIn(Store store) {
        return new Clients(env, notionBaseUrl, notionRateFlag, new SqlRateBudgets(store));
    }

    private static double notionRate(Double flag, Map<String, String> env) {
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

    public static Clients fromEnvironment() {
        return new Clients(System.getenv(), null);
    }

    public NotionClient notion(Settings saved) {
        String token = present(env.get("NOTION_TOKEN")) ? env.get("NOTION_TOKEN") : saved.notionSecret();
        String baseUrl = notionBaseUrl != null ? notionBaseUrl : env.get("NOTION_API_BASE_URL");
        return NotionClient.builder().baseUrl(baseUrl).token(token).rateLimit(notionRate(notionRateFlag, env))
                .rateBudgets(budgets).build();
    }

    public boolean hasNotionSecret(Settings saved) {
        return present(env.get("NOTION_TOKEN")) || saved.notionSecret() != null;
    }

    /** The engine kind: the flag, else the saved choice, else Gemini or OpenAI when the environment has its key. */
    public EngineKind engineKind(Settings saved, String flag) {
        if (present(flag)) {
            return EngineKind.parse(flag);
        }
        if (saved.engine() != null) {
            return EngineKind.parse(saved.engine());
        }
        if (present(env.get("GEMINI_API_KEY"))) {
            return EngineKind.GEMINI;
        }
        if (present(env.get("OPENAI_API_KEY"))) {
            return EngineKind.OPENAI;
        }
        throw new IllegalArgumentException("No AI engine is configured: choose one in Settings, set GEMINI_API_KEY or OPENAI_API_KEY, "
                + "or pass --engine (--engine demo works offline).");
    }

    /** Settings for the engine: model and base URL from the flags, else saved, else defaults; the key from the environment, else saved. */
    public EngineSettings.Builder engineSettings(Settings saved, String engineFlag, String modelFlag, String baseUrlFlag) {
        EngineKind kind = engineKind(saved, engineFlag);
        EngineSettings.Builder builder = EngineSettings.forKind(kind);
        boolean savedIsThisEngine = saved.engine() != null && EngineKind.parse(saved.engine()) == kind;
        if (savedIsThisEngine) {
            if (!present(envKey(kind))) {
                builder.apiKey(saved.apiKey());
            }
            builder.model(saved.model()).baseUrl(saved.baseUrl());
        }
        return builder.model(modelFlag).baseUrl(baseUrlFlag);
    }

    public AiEngine engine(Settings saved, String engineFlag, String modelFlag, String baseUrlFlag) {
        return Engines.create(engineSettings(saved, engineFlag, modelFlag, baseUrlFlag).build());
    }

    /** "Test" for the Notion secret: who the integration is, or what is wrong, in words. */
    public Check testNotion(Settings saved) {
        if (!hasNotionSecret(saved)) {
            return new Check(false, "No Notion secret yet: paste the Internal Integration Secret from notion.so/profile/integrations.");
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
            boolean keyed = kind == EngineKind.DEMO || kind == EngineKind.OPENAI_COMPATIBLE
                    || present(envKey(kind)) || (saved.apiKey() != null && saved.engine() != null);
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

    private String envKey(EngineKind kind) {
        return switch (kind) {
            case GEMINI -> env.get("GEMINI_API_KEY");
            case OPENAI -> env.get("OPENAI_API_KEY");
            default -> null;
        };
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
