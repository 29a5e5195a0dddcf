package io.wizzygen.cli;

import io.wizzygen.accounts.Accounts;
import io.wizzygen.ai.AiEngine;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.setup.Clients;
import io.wizzygen.store.SecretBox;
import io.wizzygen.store.Settings;
import io.wizzygen.store.SettingsStore;
import io.wizzygen.store.Store;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The options every command that talks to Notion and an AI shares, resolved as flags > environment > the
 * settings saved in the web app (the local owner's, in the data folder or WIZZYGEN_DATABASE_URL).
 */
final class Connect {

    @Option(names = "--engine", paramLabel = "ENGINE", description = "gemini, openai, openai-compatible or demo "
            + "(default: the engine saved in Settings, else gemini when GEMINI_API_KEY is set, else openai when OPENAI_API_KEY is set).")
    String engine;

    @Option(names = "--model", paramLabel = "M", description = "Model name (default: the one saved in Settings, else the engine's default).")
    String model;

    @Option(names = "--base-url", paramLabel = "URL", description = "The AI engine's base URL (required for openai-compatible, e.g. http://localhost:11434/v1).")
    String baseUrl;

    @Option(names = "--notion-rate", paramLabel = "R", description = "Notion requests per second for the integration, shared by every "
            + "process on this machine's data (default: NOTION_RATE_LIMIT, else 3, Notion's limit; 0 = unlimited, for the sandbox).")
    Double notionRate;

    private Settings saved;

    NotionClient notion() {
        Clients clients = clients(System.getenv()).withNotionRate(notionRate);
        return existingStore().map(clients::sharingBudgetsIn).orElse(clients).notion(saved());
    }

    AiEngine engine() {
        return engine(System.getenv());
    }

    AiEngine engine(Map<String, String> env) {
        return clients(env).engine(saved(), engine, model, baseUrl);
    }

    private static Clients clients(Map<String, String> env) {
        return new Clients(env, null);
    }

    /** The saved settings, if Wizzygen has saved any on this machine (reading never creates a database). */
    Settings saved() {
        if (saved == null) {
            saved = existingStore().map(store -> new SettingsStore(store, SecretBox.open(Store.defaultDataFolder(), System.getenv("WIZZYGEN_MASTER_KEY")))
                    .load(Accounts.OWNER)).orElse(Settings.EMPTY);
        }
        return saved;
    }

    /** The store, when Wizzygen has one on this machine (looking never creates one). */
    private static Optional<Store> existingStore() {
        Path folder = Store.defaultDataFolder();
        String databaseUrl = System.getenv("WIZZYGEN_DATABASE_URL");
        boolean stored = databaseUrl != null && !databaseUrl.isBlank() || Files.exists(folder.resolve("wizzygen.db"));
        return stored ? Optional.of(Store.open(folder, databaseUrl)) : Optional.empty();
    }
}
