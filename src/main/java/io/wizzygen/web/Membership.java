package io.wizzygen.web;

import io.wizzygen.accounts.Accounts;
import io.wizzygen.accounts.Feedback;
import io.wizzygen.accounts.Plans;
import io.wizzygen.accounts.Quota;
import io.wizzygen.accounts.Sessions;
import io.wizzygen.accounts.UpgradeCodes;
import io.wizzygen.accounts.Usage;
import io.wizzygen.store.Store;

import java.nio.file.Path;
import java.time.Clock;

/** The accounts room's services the routes use: who is signed in, their plan, quota, usage, codes and feedback. */
record Membership(Accounts accounts, Sessions sessions, Plans plans, Quota quota, Usage usage, UpgradeCodes codes, Feedback feedback) {

    static Membership open(Store store, Path configFolder, Clock clock) {
        Accounts accounts = new Accounts(store, clock);
        Plans plans = Plans.load(configFolder == null ? null : configFolder.resolve("plans.properties"));
        return new Membership(accounts, new Sessions(store, clock), plans, new Quota(store, accounts, plans, clock), new Usage(store, clock),
                new UpgradeCodes(store, accounts, plans, clock), new Feedback(store, clock));
    }
}
