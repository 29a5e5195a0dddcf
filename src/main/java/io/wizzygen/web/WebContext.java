package io.wizzygen.web;

import io.wizzygen.ai.AiResult;
import io.wizzygen.ai.EngineKind;
import io.wizzygen.ai.Prices;
import io.wizzygen.generation.MeteredEngine;
import io.wizzygen.connections.ConnectionStore;
import io.wizzygen.connections.Connections;
import io.wizzygen.connections.ConnectionsDatabase;
import io.wizzygen.generation.RunLog;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.setup.Clients;
import io.wizzygen.store.Settings;
import io.wizzygen.store.SettingsStore;

/**
 * What the routes work with: the account's settings, connections and run log, the clients built from
 * them, the accounts room (membership), whether this is team mode, (in demo mode) the sandbox viewer's address,
 * and how the app is reached (its public URL, whether a proxy's X-Forwarded-For is believed).
 */
record WebContext(SettingsStore settings, ConnectionStore connectionStore, RunLog runLog, Clients clients, Prices prices,
                  Runs runs, Views views, String sandboxViewer, Membership members, boolean team, OpenedMirrors mirrors, Access access) {

    /** The engine of the account's settings ({@code model} overrides), taking each prompt from the account's quota. */
    MeteredEngine engine(String account, Settings saved, String model) {
        return new MeteredEngine(clients.engine(saved, null, model, null), new MeteredEngine.Allowance() {
            @Override
            public boolean take() {
                return members.quota().tryCharge(account);
            }

            @Override
            public void giveBack() {
                members.quota().refund(account);
            }

            @Override
            public void spent(EngineKind engine, AiResult result) {
                double dollars = prices.of(engine, result.model()).map(price -> price.cost(result.usage())).orElse(0.0);
                members.usage().record(account, result.model(), result.usage().inputTokens(), result.usage().outputTokens(), dollars);
            }

            @Override
            public String usedUpMessage() {
                return members.quota().usedUpMessage(account);
            }
        });
    }

    /** The run log as this account sees it: the local owner shares the command line's keys; members each have their own. */
    RunLog runLogOf(String account) {
        return account.equals(io.wizzygen.accounts.Accounts.OWNER) ? runLog : runLog.scopedTo(account);
    }

    Settings settingsOf(String account) {
        return settings.load(account);
    }

    /** The standalone pages the integration can see (to create samples or the Connections database in); none when Notion cannot be reached. */
    java.util.List<io.wizzygen.notion.SearchResult> sharedPages(Settings saved) {
        if (!clients.hasNotionSecret(saved)) {
            return java.util.List.of();
        }
        try {
            return new io.wizzygen.connections.Targets(clients.notion(saved)).sharedPages();
        } catch (io.wizzygen.notion.NotionException | IllegalArgumentException unreachable) {
            return java.util.List.of();
        }
    }

    NotionClient notion(String account) {
        return clients.notion(settingsOf(account));
    }

    Connections connections(String account) {
        Settings saved = settingsOf(account);
        return new Connections(connectionStore, account, () -> {
            if (saved.connectionsDatabase() == null) {
                throw new IllegalStateException("No Connections database is set: add its link in Settings (or let Wizzygen create it there).");
            }
            return mirrors.open(account, saved, () -> ConnectionsDatabase.open(clients.notion(saved), saved.connectionsDatabase()));
        });
    }
}
