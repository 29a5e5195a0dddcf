package io.wizzygen.web;

import io.wizzygen.store.Settings;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class OpenedMirrorsTest {

    private static Settings settings(String link, String secret) {
        return new Settings(link, "demo", null, null, null, secret, null);
    }

    @Test
    void aConnectionsDatabaseIsOpenedOncePerAccountLinkAndSecretWithinAMinute() {
        OpenedMirrors mirrors = new OpenedMirrors();
        AtomicInteger opened = new AtomicInteger();
        mirrors.open("ada", settings("https://notion.so/a", "ntn_one"), () -> { opened.incrementAndGet(); return null; });
        mirrors.open("ada", settings("https://notion.so/a", "ntn_one"), () -> { opened.incrementAndGet(); return null; });
        assertThat(opened).hasValue(1);
        mirrors.open("ada", settings("https://notion.so/a", "ntn_two"), () -> { opened.incrementAndGet(); return null; });
        mirrors.open("ada", settings("https://notion.so/b", "ntn_one"), () -> { opened.incrementAndGet(); return null; });
        mirrors.open("bob", settings("https://notion.so/a", "ntn_one"), () -> { opened.incrementAndGet(); return null; });
        assertThat(opened).as("another secret, link or account opens its own").hasValue(4);
    }
}
