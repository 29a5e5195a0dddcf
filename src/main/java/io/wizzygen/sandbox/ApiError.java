package io.wizzygen.sandbox;

/** An error answer in Notion's form: HTTP status, Notion code and Notion's message wording. */
final class ApiError extends RuntimeException {

    final int status;
    final String code;

    ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiError validation(String message) {
        return new ApiError(400, "validation_error", message);
    }

    /** Notion's "body failed validation" wording for a value over a limit. */
    static ApiError tooLong(String path, int limit, int actual) {
        return validation("body failed validation: " + path + ".length should be ≤ `" + limit + "`, instead was `" + actual + "`.");
    }

    static ApiError notFound(String kind, String id) {
        return new ApiError(404, "object_not_found", "Could not find " + kind + " with ID: " + id
                + ". Make sure the relevant pages and databases are shared with your integration \"" + Workspace.INTEGRATION_NAME + "\".");
    }

    static ApiError invalidUrl() {
        return new ApiError(400, "invalid_request_url", "Invalid request URL.");
    }
}
