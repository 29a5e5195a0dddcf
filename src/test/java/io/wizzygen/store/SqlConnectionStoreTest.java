package io.wizzygen.store;

import io.wizzygen.testing.TestStores;
import io.wizzygen.connections.Connection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local copy of each account's connections on a real SQLite file and on the PostgreSQL server of
 * ./wizzygen test (skipped when WIZZYGEN_TEST_DATABASE_URL is not set).
 */
class SqlConnectionStoreTest {

    abstract static class Contract {

        SqlConnectionStore connections;

        abstract Store open();

        @BeforeEach
        void openStore() {
            connections = new SqlConnectionStore(open());
        }

        /** A fresh account per test, so reruns against the same PostgreSQL database never collide. */
        static String account() {
            return "connections-test-" + UUID.randomUUID();
        }

        static Connection everyField(String name) {
            return new Connection(UUID.randomUUID().toString(), name, Connection.Type.DATABASE,
                    "https://www.notion.so/ws/Topics-1f2e3d4c5b6a47988796a5b4c3d2e1f0", "Translate {{Topic}} to Japanese — “quoted” 'single' ✓",
                    "Partly failed", Instant.parse("2026-03-11T09:15:30.123456789Z"), "1f2e3d4c-5b6a-4798-8796-a5b4c3d2e1f0",
                    Map.of("output", "Content", "checkbox", "Generate", "onlyEmpty", "on", "temperature", ""), true);
        }

        @Test
        void aSavedConnectionIsFoundWithEveryField() {
            String account = account();
            Connection saved = everyField("Topics to Japanese");
            connections.save(account, saved);
            assertThat(connections.find(account, saved.id())).hasValue(saved);
            assertThat(new SqlConnectionStore(open()).find(account, saved.id())).as("reopened").hasValue(saved);
        }

        @Test
        void aNewConnectionWithoutRowRunOrOptionsRoundTrips() {
            String account = account();
            Connection fresh = Connection.create("Blog drafts", Connection.Type.PAGE, "https://www.notion.so/ws/Blog-2f2e3d4c5b6a47988796a5b4c3d2e1f0");
            connections.save(account, fresh);
            Connection found = connections.find(account, fresh.id()).orElseThrow();
            assertThat(found).isEqualTo(fresh);
            assertThat(found.notionRowId()).isNull();
            assertThat(found.lastRun()).isNull();
            assertThat(found.options()).isEmpty();
            assertThat(found.prompt()).isEmpty();
        }

        @Test
        void savingAgainUpdatesTheConnectionInPlace() {
            String account = account();
            Connection first = Connection.create("Blog drafts", Connection.Type.PAGE, "https://www.notion.so/ws/Blog-2f2e3d4c5b6a47988796a5b4c3d2e1f0");
            connections.save(account, first);
            Connection updated = first.withPrompt("Write a post", Map.of("mode", "replace")).withRun("Done", Instant.parse("2026-01-02T03:04:05Z"))
                    .withNotionRow("3f2e3d4c-5b6a-4798-8796-a5b4c3d2e1f0");
            connections.save(account, updated);
            assertThat(connections.list(account)).containsExactly(updated);
            Connection gone = updated.markedGoneFromNotion();
            connections.save(account, gone);
            assertThat(connections.find(account, first.id()).orElseThrow().goneFromNotion()).isTrue();
        }

        @Test
        void theListHoldsEveryConnectionOfTheAccountAndNoOther() {
            String account = account();
            Connection zulu = everyField("Zulu");
            Connection alpha = Connection.create("alpha", Connection.Type.PAGE, "https://www.notion.so/ws/A-4f2e3d4c5b6a47988796a5b4c3d2e1f0");
            Connection mike = Connection.create("Mike", Connection.Type.PAGE, "https://www.notion.so/ws/M-5f2e3d4c5b6a47988796a5b4c3d2e1f0");
            connections.save(account, zulu);
            connections.save(account, alpha);
            connections.save(account, mike);
            assertThat(connections.list(account)).extracting(Connection::name).containsExactlyInAnyOrder("Zulu", "alpha", "Mike");
            assertThat(connections.list(account())).as("a new account has none").isEmpty();
        }

        @Test
        void deleteRemovesOnlyThatConnection() {
            String account = account();
            Connection kept = everyField("Kept");
            Connection deleted = everyField("Deleted");
            connections.save(account, kept);
            connections.save(account, deleted);
            connections.delete(account, deleted.id());
            assertThat(connections.find(account, deleted.id())).isEmpty();
            assertThat(connections.list(account)).containsExactly(kept);
            connections.delete(account, deleted.id());
            assertThat(connections.list(account)).as("deleting twice is harmless").containsExactly(kept);
        }

        @Test
        void accountsAreKeptApart() {
            String alice = account();
            String bob = account();
            Connection alices = everyField("Alice's");
            connections.save(alice, alices);
            assertThat(connections.find(bob, alices.id())).as("another account cannot find it by id").isEmpty();
            assertThat(connections.list(bob)).isEmpty();
            connections.delete(bob, alices.id());
            assertThat(connections.find(alice, alices.id())).as("nor delete it").hasValue(alices);

            Connection sameIdForBob = new Connection(alices.id(), "Bob's", Connection.Type.PAGE, "https://www.notion.so/ws/B-6f2e3d4c5b6a47988796a5b4c3d2e1f0",
                    "", "New", null, null, Map.of(), false);
            connections.save(bob, sameIdForBob);
            assertThat(connections.find(alice, alices.id())).as("nor overwrite it with the same id").hasValue(alices);
            assertThat(connections.find(bob, alices.id())).hasValue(sameIdForBob);
        }
    }

    @Nested
    class OnSqlite extends Contract {
        @TempDir
        Path folder;

        @Override
        Store open() {
            return Store.sqlite(folder);
        }
    }

    @Nested
    class OnPostgresql extends Contract {
        @Override
        Store open() {
            return TestStores.postgresqlOrSkip();
        }
    }
}
