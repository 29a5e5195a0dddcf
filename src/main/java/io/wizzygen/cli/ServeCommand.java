package io.wizzygen.cli;

import io.wizzygen.setup.Clients;
import io.wizzygen.store.Store;
import io.wizzygen.web.WebApp;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code wizzygen serve}: the web app. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the Wizzygen web app (Home, Create, Connections, Settings, Upgrade, Feedback).",
            "Settings, connections and run state are kept in the data folder (secrets encrypted), or in PostgreSQL with --database."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "7070", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only).")
    String bind;

    @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default: $XDG_DATA_HOME/wizzygen or ~/.local/share/wizzygen).")
    Path data;

    @Option(names = "--mode", defaultValue = "local", paramLabel = "MODE", description = "local (one owner, signed in automatically, no quota; default) or team (sign-up and sign-in, plans and quota; "
            + "required when --bind is not a loopback address).")
    String mode;

    @Option(names = "--database", paramLabel = "URL", description = "PostgreSQL instead of SQLite, e.g. postgresql://user:password@localhost:5432/wizzygen "
            + "(default: WIZZYGEN_DATABASE_URL, else SQLite in the data folder).")
    String database;

    @Option(names = "--notion-rate", paramLabel = "R", description = "Notion requests per second per integration, shared by every "
            + "process on this database (default: NOTION_RATE_LIMIT, else 3, Notion's limit; 0 = unlimited, for the sandbox).")
    Double notionRate;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (!mode.equals("local") && !mode.equals("team")) {
            throw new IllegalArgumentException("Unknown --mode \"" + mode + "\": use local or team.");
        }
        boolean team = mode.equals("team");
        if (!team && !isLoopback(bind)) {
            throw new IllegalArgumentException("--bind " + bind + " would let other machines in, which needs --mode team (accounts and sign-in). "
                    + "Bind to 127.0.0.1 for local mode.");
        }
        Path folder = data != null ? data : Store.defaultDataFolder();
        String databaseUrl = database != null ? database : System.getenv("WIZZYGEN_DATABASE_URL");
        // In team mode the operator's NOTION_TOKEN must not open the operator's workspace to every member: each brings their own.
        Map<String, String> env = new HashMap<>(System.getenv());
        if (team) {
            env.remove("NOTION_TOKEN");
        }
        WebApp app = WebApp.start(new WebApp.Options(bind, port, folder, databaseUrl, new Clients(env, null).withNotionRate(notionRate)
                .sharingBudgetsIn(Store.open(folder, databaseUrl)), null, Store.defaultConfigFolder(), team ? WebApp.Mode.TEAM : WebApp.Mode.LOCAL));
        PrintWriter out = spec.commandLine().getOut();
        out.println("Wizzygen is running at " + app.url() + "/  (" + (team ? "team mode: sign-up and sign-in; the first account becomes the admin" : "local mode")
                + "; data: " + (databaseUrl != null ? "PostgreSQL" : folder) + "). Press Ctrl-C to stop.");
        out.flush();
        app.awaitShutdown(out::println);
        return 0;
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind " + host + " is not an address of this machine.");
        }
    }
}
