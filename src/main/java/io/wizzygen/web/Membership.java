package io.wizzygen.web;

import io.wizzygen.accounts.Accounts;
import io.wizzygen.accounts.Feedback;
import io.wizzygen.accounts.Invites;
import io.wizzygen.accounts.Plans;
import io.wizzygen.accounts.Quota;
import io.wizzygen.accounts.Sessions;
import io.wizzygen.accounts.SignUps;
import io.wizzygen.accounts.UpgradeCodes;
import io.wizzygen.accounts.Usage;
import io.wizzygen.store.Store;

import java.time.Clock;

/**
 * The accounts room's services the routes use: who is signed in, sign-up (and its invites), their plan, quota,
 * usage, codes and feedback.
 */
record Membership(Accounts accounts, Sessions sessions, SignUps signUps, Invites invites, Plans plans, Quota quota, Usage usage, UpgradeCodes codes,
                  Feedback feedback) {

    static Membership open(Store store, Plans plans, Clock clock, SignUps.Rules signUpRules) {
        Accounts accounts = new Accounts(store, clock);
        Invites invites = new Invites(store, clock);
        return new Membership(accounts, new Sessions(store, clock), new SignUps(accounts, invites, store, clock, signUpRules), invites, plans,
                new Quota(store, accounts, plans, clock), new Usage(store, clock), new UpgradeCodes(store, accounts, plans, clock), new Feedback(store, clock));
    }
}
