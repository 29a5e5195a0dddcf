package io.wizzygen.cli;

import io.wizzygen.accounts.Accounts;
import io.wizzygen.ai.AiEngine;
import io.wizzygen.ai.Prices;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.setup.Clients;
import io.wizzygen.setup.Environment;
import io.wizzygen.setup.Storage;
import io.wizzygen.store.Settings;
import io.wizzygen.store.SettingsStore;
import io.wizzygen.store.Store;
import picocli.CommandLine.Option;

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

    private final Environment environment;
    private final Clients clients;
    private Settings saved;

    Connect(Environment environment) {
        this.environment = environment;
        this.clients = Clients.forOwner(environment, null);
    }

    NotionClient notion() {
        Clients paced = clients.withNotionRate(notionRate);
        Storage storage = environment.storage(null, null);
        // With a store on this machine, every process of this integration draws on one shared Notion budget.
        return (storage.exists() ? paced.sharingBudgetsIn(storage.open()) : paced).notion(saved());
    }

    AiEngine engine() {
        return clients.engine(saved(), engine, model, baseUrl);
    }

    /** The run store (the data folder's SQLite, or WIZZYGEN_DATABASE_URL). */
    Store store() {
        return environment.storage(null, null).open();
    }

    /** The price list with the operator's prices.properties. */
    Prices prices() {
        return environment.prices();
    }

    /** The saved settings, if Wizzygen has saved any on this machine (reading never creates a database). */
    Settings saved() {
        if (saved == null) {
            Storage storage = environment.storage(null, null);
            saved = storage.exists() ? new SettingsStore(storage.open(), storage.secrets()).load(Accounts.OWNER) : Settings.EMPTY;
        }
        return saved;
    }
}
