package io.wizzygen.accounts;

import java.time.Instant;

/** Someone who uses Wizzygen: the local owner (no email), or a team member signed in by email. */
public record Account(String id, String email, boolean admin, String plan, Instant created) {

    /** The name to show: the email, or "Owner" for the local account. */
    public String displayName() {
        return email == null ? "Owner" : email;
    }
}
