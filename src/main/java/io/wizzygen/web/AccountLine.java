package io.wizzygen.web;

import io.wizzygen.accounts.Account;
import io.wizzygen.accounts.Plan;

/** One account as an admin sees it on the Upgrade tab. */
public record AccountLine(Account account, Plan plan, int used) {
}
