package io.wizzygen.store;

import java.util.LinkedHashMap;
import java.util.Map;

/** Saves and loads each account's settings; secrets are sealed by the {@link SecretBox} before they reach the database. */
public final class SettingsStore {

    private static final String CONNECTIONS = "connections_database";
    private static final String ENGINE = "engine";
    private static final String API_KEY = "api_key";
    private static final String MODEL = "model";
    private static final String BASE_URL = "base_url";
    private static final String NOTION_SECRET = "notion_secret";

    private final Store store;
    private final SecretBox box;

    public SettingsStore(Store store, SecretBox box) {
        this.store = store;
        this.box = box;
    }

    public Settings load(String account) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] problem = {null};
        store.jdbi().useHandle(handle -> handle.createQuery("SELECT name, value, secret FROM settings WHERE account_id = :account")
                .bind("account", account).map((rs, ctx) -> {
                    String value = rs.getString("value");
                    if (rs.getBoolean("secret")) {
                        try {
                            value = box.open(value);
                        } catch (SecretBox.Unreadable lost) {
                            problem[0] = lost.getMessage();
                            value = null;
                        }
                    }
                    if (value != null) {
                        values.put(rs.getString("name"), value);
                    }
                    return 0;
                }).list());
        return new Settings(values.get(CONNECTIONS), values.get(ENGINE), values.get(API_KEY), values.get(MODEL), values.get(BASE_URL),
                values.get(NOTION_SECRET), problem[0]);
    }

    /**
     * Saves {@code settings}: plain fields as given (empty ones removed); a secret only when one was typed, so
     * saving a form whose secret fields were left empty keeps the secrets saved before.
     */
    public void save(String account, Settings settings) {
        store.jdbi().useTransaction(handle -> {
            plain(handle, account, CONNECTIONS, settings.connectionsDatabase());
            plain(handle, account, ENGINE, settings.engine());
            plain(handle, account, MODEL, settings.model());
            plain(handle, account, BASE_URL, settings.baseUrl());
            secret(handle, account, API_KEY, settings.apiKey());
            secret(handle, account, NOTION_SECRET, settings.notionSecret());
        });
    }

    /** Removes every saved setting of the account, secrets included. */
    public void clear(String account) {
        store.jdbi().useHandle(handle -> handle.createUpdate("DELETE FROM settings WHERE account_id = :account").bind("account", account).execute());
    }

    private void plain(org.jdbi.v3.core.Handle handle, String account, String name, String value) {
        if (value == null) {
            handle.createUpdate("DELETE FROM settings WHERE account_id = :account AND name = :name").bind("account", account).bind("name", name).execute();
        } else {
            upsert(handle, account, name, value, false);
        }
    }

    private void secret(org.jdbi.v3.core.Handle handle, String account, String name, String value) {
        if (value != null) {
            upsert(handle, account, name, box.seal(value), true);
        }
    }

    private static void upsert(org.jdbi.v3.core.Handle handle, String account, String name, String value, boolean secret) {
        handle.createUpdate("""
                        INSERT INTO settings (account_id, name, value, secret) VALUES (:account, :name, :value, :secret)
                        ON CONFLICT (account_id, name) DO UPDATE SET value = excluded.value, secret = excluded.secret
                        """).bind("account", account).bind("name", name).bind("value", value).bind("secret", secret).execute();
    }
}
