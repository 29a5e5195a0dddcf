package io.wizzygen.runs;

import java.time.Instant;
import java.util.Optional;

/**
 * Notion's webhook subscription as the server keeps it (a port: the store implements it): the verification token Notion
 * sent and no admin has seen yet, the active token events are signed with, and the event ids seen lately (to refuse a
 * replay). Tokens are secrets: kept sealed.
 */
public interface WebhookStore {

    /** A verification request's token, waiting for an admin (it replaces one that was waiting). */
    void keepPending(String token, Instant at);

    /** Makes the waiting token the active one and answers it: the only time it is shown. */
    Optional<String> activatePending(Instant at);

    Optional<String> active();

    /** Records a signed event's id; false when that id was seen before. Ids seen before {@code forgetBefore} are forgotten. */
    boolean firstSight(String eventId, Instant at, Instant forgetBefore);

    /** What an admin sees of the subscription (never a whole token). */
    record Status(Instant pendingSince, Instant activeSince, String activeEnding, Instant lastEventAt) {
    }

    Status status();
}
