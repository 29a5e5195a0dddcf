package io.wizzygen.store;

import io.wizzygen.testing.TestStores;
import io.wizzygen.notion.RateBudget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token's Notion budget shared through the database (SQLite and PostgreSQL): two budget objects stand for two
 * processes, since a budget keeps nothing in memory: every reservation is read and moved on in the row.
 */
class SqlRateBudgetsTest {

    private static final double RATE = 10; // one request per 100 ms
    private static final Duration INTERVAL = Duration.ofMillis(100);

    abstract static class Contract {

        Store store;
        String fingerprint;

        abstract Store open();

        @BeforeEach
        void openStore() {
            store = open();
            fingerprint = RateBudget.fingerprint("ntn_budget_test_" + UUID.randomUUID());
        }

        @Test
        void reservationsOfTwoProcessesShareOnePaceBeyondTheBurst() {
            RateBudget first = new SqlRateBudgets(store).forToken(fingerprint, RATE, 1);
            RateBudget second = new SqlRateBudgets(store).forToken(fingerprint, RATE, 1);
            long start = System.nanoTime();
            List<Duration> waits = List.of(first.reserve(), second.reserve(), first.reserve(), second.reserve());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            for (int slot = 0; slot < waits.size(); slot++) {
                Duration due = INTERVAL.multipliedBy(slot);
                assertThat(waits.get(slot)).as("wait for slot " + slot).isLessThanOrEqualTo(due).isGreaterThanOrEqualTo(due.minus(elapsed).minusMillis(2));
            }
        }

        @Test
        void eachTokenHasItsOwnBudget() {
            RateBudget one = new SqlRateBudgets(store).forToken(fingerprint, RATE, 1);
            RateBudget other = new SqlRateBudgets(store).forToken(RateBudget.fingerprint("ntn_other_" + UUID.randomUUID()), RATE, 1);
            one.reserve();
            one.reserve();
            assertThat(other.reserve()).isZero();
        }

        @Test
        void aRetryAfterHoldsBackEveryProcessOfTheToken() {
            RateBudget limited = new SqlRateBudgets(store).forToken(fingerprint, RATE, 2);
            RateBudget bystander = new SqlRateBudgets(store).forToken(fingerprint, RATE, 2);
            limited.reserve();
            long start = System.nanoTime();
            limited.backOff(Duration.ofSeconds(5));
            Duration wait = bystander.reserve();
            assertThat(wait).isLessThanOrEqualTo(Duration.ofSeconds(5)).isGreaterThan(Duration.ofSeconds(5).minusNanos(System.nanoTime() - start).minusMillis(2));
        }

        @Test
        void theRowNamesTheTokenByItsFingerprintOnly() {
            String token = "ntn_never_stored_" + UUID.randomUUID();
            new SqlRateBudgets(store).forToken(RateBudget.fingerprint(token), RATE, 1).reserve();
            List<String> keys = store.jdbi().withHandle(h -> h.createQuery("SELECT token_fingerprint FROM notion_budgets").mapTo(String.class).list());
            assertThat(keys).contains(RateBudget.fingerprint(token)).noneMatch(key -> key.contains(token) || token.contains(key));
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
