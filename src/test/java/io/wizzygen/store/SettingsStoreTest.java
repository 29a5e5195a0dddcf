package io.wizzygen.store;

import io.wizzygen.testing.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each account's settings on a real SQLite file and on the PostgreSQL server of ./wizzygen test (skipped when
 * WIZZYGEN_TEST_DATABASE_URL is not set): saved, loaded, cleared, kept apart, secrets sealed at rest.
 */
class SettingsStoreTest {

    private static final String API_KEY = "sk-proj-settings-test-0123456789abcdefWXYZ";
    private static final String NOTION_SECRET = "ntn_settings_test_secret_987654321qrst";

    /** The same behaviour on both databases. */
    abstract static class Contract {

        @TempDir
        Path folder;
        Store store;
        SecretBox box;
        SettingsStore settings;

        abstract Store open();

        @BeforeEach
        void openStore() {
            store = open();
            box = SecretBox.open(folder, null);
            settings = new SettingsStore(store, box);
        }

        /** A fresh account per test, so reruns against the same PostgreSQL database never collide. */
        static String account() {
            return "settings-test-" + UUID.randomUUID();
        }

        static Settings full() {
            return new Settings("https://www.notion.so/ws/Connections-1f2e3d4c5b6a47988796a5b4c3d2e1f0", "openai", API_KEY, "gpt-4o-mini",
                    "https://api.openai.com/v1", NOTION_SECRET, null);
        }

        @Test
        void savedSettingsLoadBackAsTheyWereSaved() {
            String account = account();
            assertThat(settings.load(account)).isEqualTo(Settings.EMPTY);
            settings.save(account, full());
            assertThat(settings.load(account)).isEqualTo(full());
            assertThat(new SettingsStore(open(), SecretBox.open(folder, null)).load(account)).as("reopened").isEqualTo(full());
        }

        @Test
        void clearRemovesEveryValueOfTheAccountSecretsIncluded() {
            String account = account();
            settings.save(account, full());
            settings.clear(account);
            assertThat(settings.load(account)).isEqualTo(Settings.EMPTY);
            assertThat(rawRows(account)).isEmpty();
        }

        @Test
        void accountsAreKeptApart() {
            String alice = account();
            String bob = account();
            settings.save(alice, full());
            Settings bobs = new Settings(null, "gemini", "AIza-bob-key-00000000", "gemini-2.5-flash", null, "ntn_bob_secret_11111111", null);
            settings.save(bob, bobs);
            assertThat(settings.load(alice)).isEqualTo(full());
            assertThat(settings.load(bob)).isEqualTo(bobs);

            settings.clear(alice);
            assertThat(settings.load(alice)).isEqualTo(Settings.EMPTY);
            assertThat(settings.load(bob)).as("clearing one account leaves the other").isEqualTo(bobs);
        }

        @Test
        void aBlankSecretOnSaveKeepsTheSavedOneAndEmptyPlainFieldsAreRemoved() {
            String account = account();
            settings.save(account, full());
            settings.save(account, new Settings("https://www.notion.so/ws/Other-2f2e3d4c5b6a47988796a5b4c3d2e1f0", "openai", "   ", "", null, null, null));
            Settings loaded = settings.load(account);
            assertThat(loaded.apiKey()).isEqualTo(API_KEY);
            assertThat(loaded.notionSecret()).isEqualTo(NOTION_SECRET);
            assertThat(loaded.connectionsDatabase()).isEqualTo("https://www.notion.so/ws/Other-2f2e3d4c5b6a47988796a5b4c3d2e1f0");
            assertThat(loaded.model()).as("an emptied field is removed").isNull();
            assertThat(loaded.baseUrl()).isNull();

            settings.save(account, full().withConnectionsDatabase(null));
            settings.save(account, new Settings(null, "openai", "sk-new-key-00000000000000", null, null, null, null));
            assertThat(settings.load(account).apiKey()).as("a typed secret replaces the saved one").isEqualTo("sk-new-key-00000000000000");
            assertThat(settings.load(account).notionSecret()).isEqualTo(NOTION_SECRET);
        }

        @Test
        void secretsAreStoredSealedAndPlainFieldsAsTyped() {
            String account = account();
            settings.save(account, full());
            Map<String, Map<String, Object>> rows = rawRows(account);
            assertThat(rows).containsOnlyKeys("connections_database", "engine", "api_key", "model", "base_url", "notion_secret");
            for (String secret : List.of("api_key", "notion_secret")) {
                String value = (String) rows.get(secret).get("value");
                assertThat(value).as(secret).startsWith("v1:").doesNotContain(API_KEY).doesNotContain(NOTION_SECRET)
                        .doesNotContain("WXYZ").doesNotContain("qrst");
                assertThat(flag(rows.get(secret).get("secret"))).as(secret + " is marked secret").isTrue();
            }
            assertThat(rows.get("engine").get("value")).isEqualTo("openai");
            assertThat(flag(rows.get("engine").get("secret"))).isFalse();
            assertThat(rows.toString()).doesNotContain(API_KEY).doesNotContain(NOTION_SECRET);
        }

        @Test
        void secretsSealedUnderAnotherKeyLoadAsAProblemToFixNotACrash(@TempDir Path otherFolder) {
            String account = account();
            new SettingsStore(store, SecretBox.open(folder, "the first master key")).save(account, full());
            Settings loaded = new SettingsStore(store, SecretBox.open(otherFolder, "a different master key")).load(account);
            assertThat(loaded.apiKey()).isNull();
            assertThat(loaded.notionSecret()).isNull();
            assertThat(loaded.problem()).contains("cannot be decrypted").contains("Enter the secret again in Settings");
            assertThat(loaded.connectionsDatabase()).as("plain fields still load").isEqualTo(full().connectionsDatabase());
            assertThat(loaded.engine()).isEqualTo("openai");

            new SettingsStore(store, SecretBox.open(otherFolder, "a different master key"))
                    .save(account, new Settings(null, "openai", "sk-entered-again-0000000000", null, null, "ntn_entered_again_000000", null));
            Settings again = new SettingsStore(store, SecretBox.open(otherFolder, "a different master key")).load(account);
            assertThat(again.problem()).as("entering the secrets again fixes it").isNull();
            assertThat(again.apiKey()).isEqualTo("sk-entered-again-0000000000");
        }

        private Map<String, Map<String, Object>> rawRows(String account) {
            Map<String, Map<String, Object>> rows = new java.util.LinkedHashMap<>();
            store.jdbi().useHandle(handle -> handle.createQuery("SELECT name, value, secret FROM settings WHERE account_id = :account")
                    .bind("account", account).mapToMap().forEach(row -> rows.put((String) row.get("name"), row)));
            return rows;
        }

        private static boolean flag(Object column) {
            return column instanceof Boolean b ? b : ((Number) column).intValue() != 0;
        }
    }

    @Nested
    class OnSqlite extends Contract {
        @TempDir
        Path databaseFolder;

        @Override
        Store open() {
            return Store.sqlite(databaseFolder);
        }
    }

    @Nested
    class OnPostgresql extends Contract {
        @Override
        Store open() {
            return TestStores.postgresqlOrSkip();
        }
    }

    @Test
    void toStringNeverShowsASecret() {
        Settings settings = new Settings(null, "openai", API_KEY, "gpt-4o-mini", null, NOTION_SECRET, null);
        assertThat(settings.toString()).doesNotContain(API_KEY).doesNotContain(NOTION_SECRET)
                .doesNotContain(API_KEY.substring(0, API_KEY.length() - 4)).doesNotContain(NOTION_SECRET.substring(0, NOTION_SECRET.length() - 4))
                .contains("apiKey=••••WXYZ").contains("notionSecret=••••qrst").contains("model=gpt-4o-mini");
        assertThat(new Settings(null, null, "short", null, null, "ntn_1234", null).toString()).doesNotContain("short").doesNotContain("1234");
    }

    @Test
    void maskedShowsOnlyTheLastFourCharactersOfALongSecret() {
        assertThat(Settings.masked(API_KEY)).isEqualTo("••••WXYZ");
        assertThat(Settings.masked("12345678")).as("a short secret shows nothing of itself").isEqualTo("••••");
        assertThat(Settings.masked(null)).isEmpty();
    }
}
