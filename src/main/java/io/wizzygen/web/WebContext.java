package io.wizzygen.web;

import io.wizzygen.ai.Prices;
import io.wizzygen.connections.ConnectionStore;
import io.wizzygen.connections.Connections;
import io.wizzygen.connections.ConnectionsDatabase;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.runs.RunService;
import io.wizzygen.setup.Clients;
import io.wizzygen.store.Settings;
import io.wizzygen.store.SettingsStore;

/**
 * What the routes work with: the account's settings and connections, the clients built from them, the runs room,
 * the accounts room (membership), whether this is team mode, (in demo mode) the sandbox viewer's address, and how
 * the app is reached (its public URL, whether a proxy's X-Forwarded-For is believed).
 */
record WebContext(SettingsStore settings, ConnectionStore connectionStore, Clients clients, Prices prices,
                  RunService runs, Views views, String sandboxViewer, Membership members, boolean team, OpenedMirrors mirrors, Access access) {

    Settings settingsOf(String account) {
        return settings.load(account);
    }

    NotionClient notion(String account) {
        return clients.notion(settingsOf(account));
    }

    Connections connections(String account) {
        return connectionsOf(settings, connectionStore, clients, mirrors, account);
    }

    /** An account's connections, mirrored to the Connections database named in its settings (opened at most once a minute). */
    static Connections connectionsOf(SettingsStore settings, ConnectionStore store, Clients clients, OpenedMirrors mirrors, String account) {
        Settings saved = settings.load(account);
        return new Connections(store, account, () -> {
            if (saved.connectionsDatabase() == null) {
                throw new IllegalStateException("No Connections database is set: add its link in Settings (or let Wizzygen create it there).");
            }
            return mirrors.open(account, saved, () -> ConnectionsDatabase.open(clients.notion(saved), saved.connectionsDatabase()));
        });
    }
}
