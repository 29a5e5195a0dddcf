package io.wizzygen.store;

/**
 * One account's saved settings: the Connections database link, the AI engine (its command-line name), API
 * key, model and base URL (for OpenAI-compatible servers), and the Notion internal integration secret.
 * Empty fields are null. {@code problem} says why saved secrets could not be read, if they could not.
 * {@link #toString()} never shows a secret.
 */
public record Settings(String connectionsDatabase, String engine, String apiKey, String model, String baseUrl,
                       String notionSecret, String problem) {

    public static final Settings EMPTY = new Settings(null, null, null, null, null, null, null);

    public Settings {
        connectionsDatabase = blankToNull(connectionsDatabase);
        engine = blankToNull(engine);
        apiKey = blankToNull(apiKey);
        model = blankToNull(model);
        baseUrl = blankToNull(baseUrl);
        notionSecret = blankToNull(notionSecret);
    }

    /** "••••abcd": the last four characters only, for showing that a secret is saved. */
    public static String masked(String secret) {
        if (secret == null) {
            return "";
        }
        return "••••" + (secret.length() > 8 ? secret.substring(secret.length() - 4) : "");
    }

    public Settings withConnectionsDatabase(String url) {
        return new Settings(url, engine, apiKey, model, baseUrl, notionSecret, problem);
    }

    @Override
    public String toString() {
        return "Settings[connectionsDatabase=" + connectionsDatabase + ", engine=" + engine + ", apiKey=" + masked(apiKey)
                + ", model=" + model + ", baseUrl=" + baseUrl + ", notionSecret=" + masked(notionSecret) + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
