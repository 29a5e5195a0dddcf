package io.wizzygen.web;

import io.wizzygen.ai.Prices;
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
 * them, and (in demo mode) the sandbox viewer's address.
 */
record WebContext(SettingsStore settings, ConnectionStore connectionStore, RunLog runLog, Clients clients, Prices prices,
                  Runs runs, Views views, String sandboxViewer) {

    Settings settingsOf(String account) {
        return settings.load(account);
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
            return ConnectionsDatabase.open(clients.notion(saved), saved.connectionsDatabase());
        });
    }
}
