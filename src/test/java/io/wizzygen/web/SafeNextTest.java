package io.wizzygen.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Where sign-in sends one back: only a plain path on this site. */
class SafeNextTest {

    @ParameterizedTest
    @ValueSource(strings = {"/\t/evil.com", "/%09/evil.com", "/%0a/evil.com", "/\n/evil.com", "/\r\n/evil.com", "\\evil.com", "/\\evil.com",
        "/%5Cevil.com", "//evil.com", "/%2F/evil.com", "https://evil.com", "evil.com", "javascript:alert(1)", "", "/\u0000"})
    void anythingThatCouldLeaveTheSiteLeadsHome(String next) {
        assertThat(Gate.safeNext(next)).isEqualTo("/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/settings", "/connections?q=a%20b&sort=name", "/connections/4f1c0d2e-5b6a-4c3d-9e8f-7a6b5c4d3e2f?run=1"})
    void aPlainPathIsKept(String next) {
        assertThat(Gate.safeNext(next)).isEqualTo(next);
    }
}
