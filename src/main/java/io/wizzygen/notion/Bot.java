package io.wizzygen.notion;

/** The bot user behind an integration token: who Wizzygen is in the workspace. */
public record Bot(NotionId id, String name, String workspaceName) {
}
