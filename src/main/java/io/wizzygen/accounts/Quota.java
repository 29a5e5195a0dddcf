package io.wizzygen.accounts;

import io.wizzygen.store.Store;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;

/**
 * Prompts per account and plan period. A charge is one conditional UPDATE ("add one where still under the
 * limit"), atomic in SQLite and PostgreSQL alike, so concurrent runs can never overspend.
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

    /** Takes one prompt if the plan has one left; false when it is used up. */
    public boolean tryCharge(String accountId) {
        Plan plan = plan(accountId);
        String period = plan.period(clock.instant());
        return jdbi.withHandle(h -> {
            h.createUpdate("INSERT INTO quota (account_id, period, used) VALUES (:account, :period, 0) ON CONFLICT (account_id, period) DO NOTHING")
                    .bind("account", accountId).bind("period", period).execute();
            String limit = plan.unlimited() ? "" : " AND used < :limit";
            var update = h.createUpdate("UPDATE quota SET used = used + 1 WHERE account_id = :account AND period = :period" + limit)
                    .bind("account", accountId).bind("period", period);
            if (!plan.unlimited()) {
                update.bind("limit", plan.prompts());
            }
            return update.execute() == 1;
        });
    }

    /** Gives back a prompt whose generation produced nothing (the AI call failed). */
    public void refund(String accountId) {
        String period = plan(accountId).period(clock.instant());
        jdbi.useHandle(h -> h.createUpdate("UPDATE quota SET used = used - 1 WHERE account_id = :account AND period = :period AND used > 0")
                .bind("account", accountId).bind("period", period).execute());
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
