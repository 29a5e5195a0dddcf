package io.wizzygen.accounts;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.Instant;

/**
 * What an account may use: {@code prompts} per period (null = unlimited); the period is the account's whole life
 * ({@code monthly} false, e.g. Free's 10 prompts) or each calendar month (UTC).
 */
public record Plan(String name, String title, Integer prompts, boolean monthly, String price) {

    public boolean unlimited() {
        return prompts == null;
    }

    /** The quota period that {@code now} falls in: "total", or the month "2026-11". */
    String period(Instant now) {
        return monthly ? YearMonth.from(now.atZone(ZoneOffset.UTC)).toString() : "total";
    }

    /** "10 prompts", "1,000 prompts a month", "Unlimited prompts". */
    public String allowance() {
        if (unlimited()) {
            return "Unlimited prompts";
        }
        return String.format(java.util.Locale.ROOT, "%,d prompts", prompts) + (monthly ? " a month" : " in total");
    }
}
