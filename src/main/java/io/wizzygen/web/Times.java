package io.wizzygen.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Moments as the pages show them: to the second, in UTC, saying so. */
public final class Times {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    public static String of(Instant moment) {
        return moment == null ? "" : SECONDS.format(moment);
    }
}
