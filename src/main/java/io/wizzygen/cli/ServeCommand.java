package io.wizzygen.cli;

import io.wizzygen.accounts.Plans;
import io.wizzygen.accounts.SignUps;
import io.wizzygen.ai.Egress;
import io.wizzygen.setup.Clients;
import io.wizzygen.setup.Environment;
import io.wizzygen.setup.Storage;
import io.wizzygen.web.Access;
import io.wizzygen.web.WebApp;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code wizzygen serve}: the web app. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the Wizzygen web app (Home, Create, Connections, Settings, Upgrade, Feedback). Settings, connections and run state "
                + "are kept in the data folder (secrets encrypted), or in PostgreSQL with --database.",
            "%nTeam mode: members bring their own Notion secret (the server's NOTION_TOKEN serves nobody). The server's OPENAI_API_KEY and "
                + "GEMINI_API_KEY serve members only at their own endpoints (OPENAI_BASE_URL, GEMINI_BASE_URL or the provider's); a base URL a "
                + "member chooses must lead to a public internet address or be allowed with --allow-ai-host, and needs the member's own key.%n"})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "7070", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only).")
    String bind;

    @Option(names = "--data", paramLabel = "DIR", description = "Data folder, created 0700 (default: $XDG_DATA_HOME/wizzygen or ~/.local/share/wizzygen).")
    Path data;

    @Option(names = "--mode", defaultValue = "local", paramLabel = "MODE", description = "local (one owner, signed in automatically, no quota; default) or team (sign-up and sign-in, plans and quota; "
            + "required when --bind is not a loopback address).")
    String mode;

    @Option(names = "--database", paramLabel = "URL", description = "PostgreSQL instead of SQLite, e.g. postgresql://user:password@localhost:5432/wizzygen "
            + "(default: WIZZYGEN_DATABASE_URL, else SQLite in the data folder).")
    String database;

    @Option(names = "--allow-ai-host", paramLabel = "HOST[:PORT]", description = "Team mode: lets members' AI base URLs reach this host although "
            + "it is not a public internet address, e.g. 127.0.0.1:11434 for the team's Ollama (repeatable; default: WIZZYGEN_ALLOWED_AI_HOSTS, comma-separated).")
    List<String> allowAiHosts = new ArrayList<>();

    @Option(names = "--trust-proxy", description = "A reverse proxy stands in front: the client's address is the nearest hop of X-Forwarded-For "
            + "(for sign-in and sign-up limits). Only with a proxy that sets that header; off by default.")
    boolean trustProxy;

    @Option(names = "--signup", defaultValue = "open", paramLabel = "MODE", description = "Team mode: open (anyone may sign up; default) or invite "
            + "(only with a single-use code from an admin: the Account tab, or wizzygen admin invite). At most 5 new accounts an hour per address.")
    String signup;

    @Option(names = "--public-url", paramLabel = "URL", description = "The address people use to reach the app when it is not localhost, "
            + "e.g. https://wizzygen.example.com (local mode then answers to that host too). Notion's webhooks for connections that keep "
            + "running are received at URL/webhooks/notion (Settings → Notion webhooks).")
    String publicUrl;

    @Option(names = "--notion-rate", paramLabel = "R", description = "Notion requests per second per integration, shared by every "
            + "process on this database (default: NOTION_RATE_LIMIT, else 3, Notion's limit; 0 = unlimited, for the sandbox).")
    Double notionRate;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Environment environment;

    ServeCommand(Environment environment) {
        this.environment = environment;
    }

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
        SignUps.Rules signUps = new SignUps.Rules(SignUps.Mode.parse(signup), SignUps.Rules.DEFAULT.perAddressPerHour());
        Access access = new Access(publicUrl == null ? null : Access.parsePublicUrl(publicUrl), trustProxy);
        List<Egress.AllowedHost> allowed = (allowAiHosts.isEmpty() ? environment.allowedAiHosts() : allowAiHosts).stream()
                .map(Egress.AllowedHost::parse).toList();
        Storage storage = environment.storage(data, database);
        Clients clients = (team ? Clients.forMembers(environment, null, Egress.publicOnly(allowed)) : Clients.forOwner(environment, null))
                .withNotionRate(notionRate).sharingBudgetsIn(storage.open());
        Environment.OperatorFile plans = environment.plans();
        WebApp app = WebApp.start(new WebApp.Options(bind, port, team ? WebApp.Mode.TEAM : WebApp.Mode.LOCAL, storage, clients, environment.prices(),
                Plans.of(plans.entries(), plans.source()), null, access, signUps));
        PrintWriter out = spec.commandLine().getOut();
        out.println("Wizzygen is running at " + app.url() + "/  (" + (team ? "team mode: " + (signUps.mode() == SignUps.Mode.INVITE
                ? "sign-up with an invite code (wizzygen admin invite)" : "sign-up and sign-in") + "; the first account becomes the admin"
                + (allowed.isEmpty() ? "" : "; members may also reach " + allowed) : "local mode")
                + "; data: " + storage.describe() + "). Press Ctrl-C to stop.");
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
