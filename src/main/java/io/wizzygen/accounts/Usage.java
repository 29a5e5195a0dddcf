package io.wizzygen.accounts;

import io.wizzygen.store.Store;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/** What each account used, per month and model: prompts, tokens and the estimated cost in US dollars. */
public final class Usage {

    private final Jdbi jdbi;
    private final Clock clock;

    public Usage(Store store, Clock clock) {
        this.jdbi = store.jdbi();
        this.clock = clock;
    }

    /** One line of the usage table. */
    public record Line(String model, long prompts, long inputTokens, long outputTokens, double dollars) {
        public long tokens() {
            return inputTokens + outputTokens;
        }
    }

    /** Records one generation's use within the caller's transaction (the quota settles a held prompt with it). */
    static void record(Handle h, String accountId, Clock clock, String model, long inputTokens, long outputTokens, double dollars) {
        String month = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).toString();
        h.createUpdate("INSERT INTO usage_by_model (account_id, month, model, prompts, input_tokens, output_tokens, dollars) "
                        + "VALUES (:account, :month, :model, 1, :in, :out, :dollars) ON CONFLICT (account_id, month, model) DO UPDATE SET "
                        + "prompts = usage_by_model.prompts + 1, input_tokens = usage_by_model.input_tokens + excluded.input_tokens, "
                        + "output_tokens = usage_by_model.output_tokens + excluded.output_tokens, dollars = usage_by_model.dollars + excluded.dollars")
                .bind("account", accountId).bind("month", month).bind("model", model == null || model.isBlank() ? "unknown" : model)
                .bind("in", inputTokens).bind("out", outputTokens).bind("dollars", dollars).execute();
    }

    public List<Line> thisMonth(String accountId) {
        return lines(accountId, YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).toString());
    }

    public List<Line> total(String accountId) {
        return lines(accountId, null);
    }

    private List<Line> lines(String accountId, String month) {
        return jdbi.withHandle(h -> h.createQuery("SELECT model, SUM(prompts) AS prompts, SUM(input_tokens) AS input_tokens, "
                        + "SUM(output_tokens) AS output_tokens, SUM(dollars) AS dollars FROM usage_by_model WHERE account_id = :account"
                        + (month == null ? "" : " AND month = :month") + " GROUP BY model ORDER BY model")
                .bind("account", accountId).bind("month", month)
                .map((rs, ctx) -> new Line(rs.getString("model"), rs.getLong("prompts"), rs.getLong("input_tokens"),
                        rs.getLong("output_tokens"), rs.getDouble("dollars"))).list());
    }
}
