package io.wizzygen.notion;

import com.fasterxml.jackson.databind.JsonNode;

/** One request and its answer, as seen on the wire; handed to an observer for contract tests and diagnostics. */
public record NotionExchange(String method, String path, String notionVersion, JsonNode requestBody,
                             int status, JsonNode responseBody) {
}
