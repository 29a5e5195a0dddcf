package io.wizzygen.accounts;

import io.wizzygen.store.Store;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;

/**
 * Single-use codes an operator issues ({@code wizzygen admin upgrade-code --plan pro}); redeeming one moves the
 * account to the code's plan. Only the codes' hashes are stored; a code is claimed by one conditional UPDATE, so
 * two people redeeming it at once cannot both succeed.
 */
public final class UpgradeCodes {

    private final Jdbi jdbi;
    private final Accounts accounts;
    private final Plans plans;
    private final Clock clock;

    public UpgradeCodes(Store store, Accounts accounts, Plans plans, Clock clock) {
        this.jdbi = store.jdbi();
        this.accounts = accounts;
        this.plans = plans;
        this.clock = clock;
    }

    /** A new code for {@code planName} (which must exist), shown once. */
    public String issue(String planName) {
        Plan plan = plans.require(planName);
        String code = Tokens.code("WZ");
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO upgrade_codes (code_hash, plan, created_at) VALUES (:hash, :plan, :created)")
                .bind("hash", Tokens.codeHash(code)).bind("plan", plan.name()).bind("created", clock.instant().toString()).execute());
        return code;
    }

    /** Moves the account to the code's plan; a code works once. */
    public Plan redeem(String accountId, String code) {
        String hash = Tokens.codeHash(code);
        // The claim is the transaction's first statement: SQLite then takes its write lock at once (no read-to-write upgrade).
        return jdbi.inTransaction(h -> {
            int claimed = h.createUpdate("UPDATE upgrade_codes SET used_by = :account, used_at = :now WHERE code_hash = :hash AND used_by IS NULL")
                    .bind("account", accountId).bind("now", clock.instant().toString()).bind("hash", hash).execute();
            java.util.Optional<String> planName = h.createQuery("SELECT plan FROM upgrade_codes WHERE code_hash = :hash").bind("hash", hash)
                    .mapTo(String.class).findOne();
            if (planName.isEmpty()) {
                throw new AccountException("That upgrade code is not one we issued. Check it for typos, or ask your operator for a new one.");
            }
            if (claimed == 0) {
                throw new AccountException("That upgrade code has been used already. Each code works once; ask your operator for a new one.");
            }
            Plan plan = plans.require(planName.get());
            if (h.createUpdate("UPDATE accounts SET plan = :plan WHERE id = :id").bind("plan", plan.name()).bind("id", accountId).execute() == 0) {
                throw new AccountException("There is no such account.");
            }
            return plan;
        });
    }
}
