package io.wizzygen.accounts;

import io.wizzygen.store.Store;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Prompts per account and plan period. A prompt is held before each generation by one conditional UPDATE ("add one
 * where still under the limit"), atomic in SQLite and PostgreSQL alike, so concurrent runs can never overspend; the
 * hold is settled (recorded in the usage table) when the answer arrives, or given back.
 */
public final class Quota {

    private final Jdbi jdbi;
    private final Accounts accounts;
    private final Plans plans;
    private final Clock clock;

    public Quota(Store store, Accounts accounts, Plans plans, Clock clock) {
        this.jdbi = store.jdbi();
        this.accounts = accounts;
        this.plans = plans;
        this.clock = clock;
    }

    /** Where an account stands: its plan and the prompts used in the current period. */
    public record Standing(Plan plan, int used) {
        /** Prompts left in this period; -1 when unlimited. */
        public int left() {
            return plan.unlimited() ? -1 : Math.max(0, plan.prompts() - used);
        }
    }

    public Standing standing(String accountId) {
        Plan plan = plan(accountId);
        String period = plan.period(clock.instant());
        int used = jdbi.withHandle(h -> h.createQuery("SELECT used FROM quota WHERE account_id = :account AND period = :period")
                .bind("account", accountId).bind("period", period).mapTo(Integer.class).findOne().orElse(0));
        return new Standing(plan, used);
    }

    /**
     * Holds one prompt for a generation about to be asked of the AI, if the plan has one left (empty when it is used
     * up). The hold counts as used at once, so concurrent runs can never overspend; it is settled when the answer
     * arrives and given back when the call fails, is cancelled, or its process died ({@code runId} finds those).
     */
    public Optional<String> reserve(String accountId, String runId) {
        Plan plan = plan(accountId);
        String period = plan.period(clock.instant());
        String hold = UUID.randomUUID().toString();
        boolean taken = jdbi.inTransaction(h -> {
            // Writes first, so SQLite takes its write lock at the start of the transaction.
            h.createUpdate("INSERT INTO quota (account_id, period, used) VALUES (:account, :period, 0) ON CONFLICT (account_id, period) DO NOTHING")
                    .bind("account", accountId).bind("period", period).execute();
            var update = h.createUpdate("UPDATE quota SET used = used + 1 WHERE account_id = :account AND period = :period"
                    + (plan.unlimited() ? "" : " AND used < :limit")).bind("account", accountId).bind("period", period);
            if (!plan.unlimited()) {
                update.bind("limit", plan.prompts());
            }
            if (update.execute() != 1) {
                return false;
            }
            h.createUpdate("INSERT INTO quota_holds (id, account_id, period, run_id, created_at) VALUES (:id, :account, :period, :run, :at)")
                    .bind("id", hold).bind("account", accountId).bind("period", period).bind("run", runId)
                    .bind("at", clock.millis()).execute();
            return true;
        });
        return taken ? Optional.of(hold) : Optional.empty();
    }

    /** The answer arrived: the held prompt stays used and its use is recorded (one transaction, so "used" always equals usage). */
    public void settle(String hold, String model, long inputTokens, long outputTokens, double dollars) {
        jdbi.useTransaction(h -> {
            Optional<String> account = h.createQuery("SELECT account_id FROM quota_holds WHERE id = :id").bind("id", hold)
                    .mapTo(String.class).findOne();
            if (account.isPresent() && h.createUpdate("DELETE FROM quota_holds WHERE id = :id").bind("id", hold).execute() == 1) {
                Usage.record(h, account.get(), clock, model, inputTokens, outputTokens, dollars);
            }
        });
    }

    /** The call produced nothing: the held prompt goes back to the plan. Giving back twice changes nothing. */
    public void giveBack(String hold) {
        jdbi.useTransaction(h -> release(h, h.createQuery("SELECT id, account_id, period FROM quota_holds WHERE id = :id").bind("id", hold)
                .map((rs, ctx) -> new Hold(rs.getString("id"), rs.getString("account_id"), rs.getString("period"))).list()));
    }

    /** Gives back the prompts still held for a run: those of calls that died with an earlier process (kill -9). */
    public int giveBackHeldFor(String runId) {
        return jdbi.inTransaction(h -> release(h, h.createQuery("SELECT id, account_id, period FROM quota_holds WHERE run_id = :run")
                .bind("run", runId).map((rs, ctx) -> new Hold(rs.getString("id"), rs.getString("account_id"), rs.getString("period"))).list()));
    }

    /** Gives back prompts held longer than {@code age} outside any run (previews whose process died). */
    public int giveBackStale(Duration age) {
        long before = clock.millis() - age.toMillis();
        return jdbi.inTransaction(h -> release(h, h.createQuery("SELECT id, account_id, period FROM quota_holds WHERE run_id IS NULL AND created_at < :before")
                .bind("before", before).map((rs, ctx) -> new Hold(rs.getString("id"), rs.getString("account_id"), rs.getString("period"))).list()));
    }

    private record Hold(String id, String account, String period) {
    }

    private static int release(org.jdbi.v3.core.Handle h, List<Hold> holds) {
        int released = 0;
        for (Hold hold : holds) {
            if (h.createUpdate("DELETE FROM quota_holds WHERE id = :id").bind("id", hold.id()).execute() == 1) {
                h.createUpdate("UPDATE quota SET used = used - 1 WHERE account_id = :account AND period = :period AND used > 0")
                        .bind("account", hold.account()).bind("period", hold.period()).execute();
                released++;
            }
        }
        return released;
    }

    /** The message for a run stopped by the quota. */
    public String usedUpMessage(String accountId) {
        Plan plan = plan(accountId);
        return "You have used all " + plan.allowance().replace(" in total", "").replace(" a month", " for this month") + " of the " + plan.title()
                + " plan. Rows not yet written stay ticked for later: upgrade on the Upgrade tab (/upgrade) to go on.";
    }

    private Plan plan(String accountId) {
        return accounts.find(accountId).map(plans::of).orElseThrow(() -> new AccountException("There is no such account."));
    }
}
