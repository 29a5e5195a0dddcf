package io.wizzygen.notion;

/**
 * The one error type of the Notion boundary: what Notion (or the network) answered, and what a person
 * should do about it. Never carries the integration secret.
 */
public class NotionException extends RuntimeException {

    /** The code of a request the caller withdrew before it was sent (its condition no longer held): nothing reached Notion. */
    static final String NOT_SENT = "not_sent";

    private final int status;
    private final String code;
    private final String requestId;
    private final String notionMessage;

    public NotionException(int status, String code, String message, String requestId) {
        this(status, code, message, requestId, null);
    }

    public NotionException(int status, String code, String message, String requestId, Throwable cause) {
        super(describe(status, code, message, requestId), cause);
        this.status = status;
        this.code = code == null ? "" : code;
        this.requestId = requestId;
        this.notionMessage = message;
    }

    /** Notion's own message (or the network failure's), without status, code or request id. */
    public String notionMessage() {
        return notionMessage;
    }

    /** HTTP status, or 0 when no answer arrived (timeout, connection refused). */
    public int status() {
        return status;
    }

    /** Notion's error code, e.g. {@code object_not_found}; {@code network_error} when no answer arrived. */
    public String code() {
        return code;
    }

    /** Notion's x-notion-request-id, useful when asking Notion support; may be null. */
    public String requestId() {
        return requestId;
    }

    /** One or two plain sentences naming the problem and the fix. */
    public String userMessage() {
        return switch (code) {
            case "missing_token" -> plainMessage();
            case "object_not_found" -> "Notion could not find that page or database. Share the page with your integration: "
                    + "••• → Connections → <integration name>, then try again.";
            case "unauthorized" -> "The Notion secret is invalid: copy it again from notion.so/profile/integrations "
                    + "and save it in Settings.";
            case "restricted_resource" -> "Your Notion integration lacks a capability for this (read, update or insert "
                    + "content): turn it on at notion.so/profile/integrations → your integration → Capabilities.";
            case "validation_error" -> notionMessage != null && notionMessage.startsWith("path failed validation")
                    ? "That Notion link does not hold a valid page or database id. Copy the link again from Notion (••• → Copy link)."
                    : "Notion refused the request: " + plainMessage() + " Check the property names and types of the database.";
            case "rate_limited", "service_overload" -> "Notion is rate limiting this integration. Wait a minute and try again.";
            case "conflict_error" -> "Notion reported a conflicting edit. Try again.";
            case "missing_version", "invalid_request_url", "invalid_request", "invalid_json" ->
                    "Notion did not understand the request (" + code + "): " + plainMessage()
                            + " Check NOTION_API_BASE_URL and the Notion-Version setting.";
            case "network_error" -> "Notion could not be reached: " + plainMessage()
                    + " Check your connection (or NOTION_API_BASE_URL) and try again.";
            default -> status >= 500
                    ? "Notion is having trouble right now (HTTP " + status + "). Try again in a few minutes."
                    : "Notion answered HTTP " + status + " (" + code + "): " + plainMessage();
        };
    }

    /** True when repeating the same request later may succeed. */
    /**
     * Notion refused to change an object because it is in the trash already ("Can't edit block that is archived").
     * Notion gives this case no code of its own, so its words are read here, in the one place that knows them.
     */
    public boolean alreadyTrashed() {
        return status == 400 && getMessage().contains("archived");
    }

    /** The request was withdrawn before it was sent (see {@code NotionClient.updatePage(…, allowed)}). */
    public boolean notSent() {
        return code.equals(NOT_SENT);
    }

    public boolean isTransient() {
        return (status == 0 && !code.equals(NOT_SENT)) || status == 429 || status == 529 || (status >= 500 && status <= 504)
                || code.equals("conflict_error");
    }

    /** True when the request may have been applied although it failed (no answer, or a server error). */
    public boolean mayHaveBeenApplied() {
        return (status == 0 && !code.equals(NOT_SENT)) || (status >= 500 && status != 529);
    }

    private String plainMessage() {
        String message = getMessage();
        int colon = message.indexOf(": ");
        String text = colon < 0 ? message : message.substring(colon + 2);
        int rid = text.lastIndexOf(" (request ");
        return rid < 0 ? text : text.substring(0, rid);
    }

    private static String describe(int status, String code, String message, String requestId) {
        return "Notion " + status + " " + code + ": " + message
                + (requestId == null ? "" : " (request " + requestId + ")");
    }
}
