package io.wizzygen.store;

import io.wizzygen.notion.RateBudget;

import java.time.Duration;

/**
 * Notion request budgets shared by every process and server on one database: one row per integration token
 * (by fingerprint), paced as a GCRA on the database's clock. Reserving a request is ONE statement (it moves the
 * token's theoretical arrival time on and answers the wait), so callers make one round trip per request and
 * then sleep; a 429's Retry-After blocks the row, and with it every process, until it has passed.
 */
public final class SqlRateBudgets implements RateBudget.Source {

    private final Store store;
    private final String reserveSql;
    private final String backOffSql;

    public SqlRateBudgets(Store store) {
        this.store = store;
        // The two dialects differ in their clock and in the name of the largest-of function only.
        String now = store.isSqlite() ? "CAST(unixepoch('subsec') * 1000000 AS INTEGER)"
                : "CAST(EXTRACT(EPOCH FROM statement_timestamp()) * 1000000 AS BIGINT)";
        String greatest = store.isSqlite() ? "max" : "GREATEST";
        this.reserveSql = """
                INSERT INTO notion_budgets (token_fingerprint, tat_micros, blocked_until) VALUES (:token, NOW + :interval, 0)
                ON CONFLICT (token_fingerprint) DO UPDATE
                    SET tat_micros = GREATEST(notion_budgets.tat_micros, NOW, notion_budgets.blocked_until) + :interval
                RETURNING GREATEST(tat_micros - NOW - :burstSpan, blocked_until - NOW) AS wait_micros
                """.replace("NOW", now).replace("GREATEST", greatest);
        this.backOffSql = """
                UPDATE notion_budgets SET blocked_until = GREATEST(blocked_until, NOW + :retryAfter) WHERE token_fingerprint = :token
                """.replace("NOW", now).replace("GREATEST", greatest);
    }

    @Override
    public RateBudget forToken(String tokenFingerprint, double requestsPerSecond, int burst) {
        long interval = requestsPerSecond <= 0 ? 0 : (long) (1_000_000 / requestsPerSecond);
        return new Shared(tokenFingerprint, interval, interval * Math.max(1, burst));
    }

    private final class Shared implements RateBudget {
        private final String token;
        private final long intervalMicros;
        private final long burstSpanMicros;

        Shared(String token, long intervalMicros, long burstSpanMicros) {
            this.token = token;
            this.intervalMicros = intervalMicros;
            this.burstSpanMicros = burstSpanMicros;
        }

        @Override
        public Duration reserve() {
            long wait = store.jdbi().withHandle(handle -> handle.createQuery(reserveSql)
                    .bind("token", token).bind("interval", intervalMicros).bind("burstSpan", burstSpanMicros)
                    .mapTo(Long.class).one());
            return wait <= 0 ? Duration.ZERO : Duration.ofNanos(wait * 1000);
        }

        @Override
        public void backOff(Duration retryAfter) {
            store.jdbi().useHandle(handle -> handle.createUpdate(backOffSql)
                    .bind("token", token).bind("retryAfter", retryAfter.toNanos() / 1000).execute());
        }
    }
}
