package io.wizzygen.web;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.wizzygen.accounts.Plans;
import io.wizzygen.accounts.SignUps;
import io.wizzygen.ai.Prices;
import io.wizzygen.connections.Connection;
import io.wizzygen.runs.RunService;
import io.wizzygen.setup.Clients;
import io.wizzygen.setup.Storage;
import io.wizzygen.store.SecretBox;
import io.wizzygen.store.SettingsStore;
import io.wizzygen.store.SqlConnectionStore;
import io.wizzygen.store.SqlRunLog;
import io.wizzygen.store.SqlRunStore;
import io.wizzygen.store.SqlWatchStore;
import io.wizzygen.store.Store;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The web app: one Javalin server whose routes are grouped by tab. Every answer carries the security headers
 * (a Content-Security-Policy without inline script, nosniff, no framing, same-origin referrers; HSTS over TLS);
 * in local mode only the app's own host names are served; a state-changing request from another origin is refused.
 */
public final class WebApp implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebApp.class);
    static final String ACCOUNT = "wizzygen.account";
    static final String USER = "wizzygen.user";
    static final String CSRF = "wizzygen.csrf";
    static final String SESSION = "wizzygen.session";
    /** One year: more than the 180 days browsers' preload lists ask for. */
    static final Duration HSTS_MAX_AGE = Duration.ofDays(365);
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    private final Javalin server;
    private final RunService runs;

    private WebApp(Javalin server, RunService runs) {
        this.server = server;
        this.runs = runs;
    }

    /** Local: one owner, signed in automatically, no quota. Team: sign-up and sign-in for every page and route. */
    public enum Mode { LOCAL, TEAM }

    /**
     * Where and how to serve: {@code storage} holds the data, {@code clients} builds Notion and AI clients,
     * {@code prices} and {@code plans} are the operator's (setup read them); {@code sandboxViewer} is shown in demo
     * mode; {@code access} says how the app is reached and {@code signUps} who may make an account (team mode).
     */
    public record Options(String bind, int port, Mode mode, Storage storage, Clients clients, Prices prices, Plans plans, String sandboxViewer,
                          Access access, SignUps.Rules signUps) {

        /** Local mode on 127.0.0.1, reached directly: what the demo and tests start from. */
        public static Options local(int port, Storage storage, Clients clients, Prices prices, Plans plans) {
            return new Options("127.0.0.1", port, Mode.LOCAL, storage, clients, prices, plans, null, Access.DIRECT, SignUps.Rules.DEFAULT);
        }

        public Options asTeam() {
            return new Options(bind, port, Mode.TEAM, storage, clients, prices, plans, sandboxViewer, access, signUps);
        }

        public Options withSandboxViewer(String viewer) {
            return new Options(bind, port, mode, storage, clients, prices, plans, viewer, access, signUps);
        }

        public Options withAccess(Access how, SignUps.Rules rules) {
            return new Options(bind, port, mode, storage, clients, prices, plans, sandboxViewer, how, rules);
        }
    }

    public static WebApp start(Options options) {
        Store store = options.storage().open();
        SecretBox box = options.storage().secrets();
        Membership members = Membership.open(store, options.plans(), Clock.systemUTC(), options.signUps());
        members.accounts().owner();
        SettingsStore settings = new SettingsStore(store, box);
        SqlConnectionStore connectionStore = new SqlConnectionStore(store);
        OpenedMirrors mirrors = new OpenedMirrors();
        RunService runs = new RunService(new RunService.Deps(new SqlRunStore(store), settings, options.clients(), members.quota(),
                options.prices(), new SqlRunLog(store),
                account -> WebContext.connectionsOf(settings, connectionStore, options.clients(), mirrors, account), Clock.systemUTC()));
        SqlWatchStore watches = new SqlWatchStore(store, box);
        runs.keepRunning(watches, watches);
        WebContext app = new WebContext(settings, connectionStore, options.clients(), options.prices(), runs, new Views(),
                options.sandboxViewer(), members, options.mode() == Mode.TEAM, mirrors, options.access());
        Javalin server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.addConnector((jetty, http) -> connector(jetty, http, options));
            config.staticFiles.enableWebjars();
            config.staticFiles.add(files -> {
                files.hostedPath = "/assets";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
            });
            routes(config.routes, app);
        }).start();
        // The worker's name is this server's address: unique among servers sharing a store, the same after a restart.
        runs.startWorker(store.dataSource(), workerName(options.bind(), server.port()));
        return new WebApp(server, runs);
    }

    /**
     * The app's one listening socket. A burst of browsers (a team signing up at once) waits in a deep accept queue
     * instead of having connections dropped at the JDK's default of 50; idle connections are kept longer than the
     * 60 s a proxy in front typically keeps its own, so a proxy never reuses a connection the app is just closing.
     */
    private static ServerConnector connector(Server jetty,
            HttpConfiguration http, Options options) {
        var connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(options.bind());
        connector.setPort(options.port());
        connector.setAcceptQueueSize(1024);
        connector.setIdleTimeout(Duration.ofSeconds(75).toMillis());
        return connector;
    }

    private static String workerName(String bind, int port) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return host + "/" + bind + ":" + port;
    }

    private static void routes(RoutesConfig routes, WebContext app) {
        Gate gate = new Gate(app);
        routes.before(ctx -> {
            if (guard(ctx, app)) {
                gate.admit(ctx);
            }
        });
        routes.get("/", ctx -> home(ctx, app));
        new AccountRoutes(app).register(routes);
        new UpgradeRoutes(app).register(routes);
        new FeedbackRoutes(app).register(routes);
        new SettingsRoutes(app).register(routes);
        new CreateRoutes(app).register(routes);
        new ConnectionRoutes(app).register(routes);
        new RowRoutes(app).register(routes);
        new IconRoutes().register(routes);
        new RunRoutes(app).register(routes);
        new WatchRoutes(app).register(routes);
        new WebhookRoutes(app).register(routes);
        routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            String message = e instanceof io.javalin.router.EndpointNotFound ? "There is no page at " + ctx.path() + "." : e.getMessage();
            problem(ctx, app, status, status == 404 ? "Not found" : status == 403 ? "Not allowed" : "Cannot do that", message);
        });
        routes.exception(Connection.Invalid.class, (e, ctx) -> problem(ctx, app, 400, "Cannot do that", e.getMessage()));
        // A Notion failure no route caught (e.g. no Notion secret saved yet) is still told in words, never as a 500.
        routes.exception(io.wizzygen.notion.NotionException.class, (e, ctx) -> problem(ctx, app, e.code().equals("missing_token") ? 400 : 502,
                "Notion", e.userMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            problem(ctx, app, 500, "Something went wrong",
                    "Wizzygen could not finish this (" + e.getClass().getSimpleName() + "). Nothing you typed was saved by this request; go back and try again.");
        });
    }

    private static void problem(Context ctx, WebContext app, int status, String title, String message) {
        ctx.status(status);
        if (ctx.path().startsWith("/runs/") || isHtmx(ctx)) {
            ctx.contentType("text/plain; charset=utf-8").result(message);
        } else {
            app.views().page(ctx, "error.jte", "shell", Shell.of(title, ""), "message", message);
        }
    }

    private static void home(Context ctx, WebContext app) {
        String account = account(ctx);
        List<Connection> recent = app.connectionStore().list(account).stream().filter(c -> c.lastRun() != null)
                .sorted(Comparator.comparing(Connection::lastRun).reversed()).limit(5).toList();
        Shell shell = Shell.of("Home", "home");
        if (ctx.queryParam("welcome") != null) {
            shell = shell.info("Welcome to Wizzygen! Start with Settings: your AI engine, your Notion secret and your Connections database.");
        }
        app.views().page(ctx, "home.jte", "shell", shell, "steps", app.clients().checklist(app.settingsOf(account)),
                "recent", recent, "sandboxViewer", app.sandboxViewer(), "standing", app.members().quota().standing(account),
                "month", app.members().usage().thisMonth(account));
    }

    /**
     * Security headers on every answer (HSTS too over TLS, also behind a proxy that says so); in local mode only the
     * app's own host names are served; state-changing requests only from this app's own pages. False when refused.
     */
    private static boolean guard(Context ctx, WebContext app) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        if ("https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"))) {
            ctx.header("Strict-Transport-Security", "max-age=" + HSTS_MAX_AGE.toSeconds());
        }
        if (!app.team() && !app.access().servesLocally(ctx.header("Host"))) {
            refuse(ctx, HttpStatus.MISDIRECTED_REQUEST, "This Wizzygen runs in local mode and answers only at http://localhost:" + ctx.port()
                    + "/ (or its --public-url): the name this request was sent to is not one of its own.");
            return false;
        }
        if (!ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD") && !sameOrigin(ctx)) {
            refuse(ctx, HttpStatus.FORBIDDEN, "Refused: this form was sent from another site. Open Wizzygen and submit it there.");
            return false;
        }
        return true;
    }

    private static void refuse(Context ctx, HttpStatus status, String message) {
        ctx.status(status);
        ctx.skipRemainingHandlers();
        ctx.contentType("text/plain; charset=utf-8").result(message);
    }

    private static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        String host = ctx.header("Host");
        if (origin == null) {
            // Browsers send Origin on cross-site POSTs; without it, trust Fetch Metadata when present (curl sends neither).
            String site = ctx.header("Sec-Fetch-Site");
            return site == null || site.equals("same-origin") || site.equals("none");
        }
        try {
            return host != null && URI.create(origin).getAuthority() != null && URI.create(origin).getAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    /** The signed-in account's id (set by the {@link Gate} before any route runs). */
    static String account(Context ctx) {
        String account = ctx.attribute(ACCOUNT);
        if (account == null) {
            throw new IllegalStateException("No account on this request: the gate did not run.");
        }
        return account;
    }

    static boolean isHtmx(Context ctx) {
        return "true".equals(ctx.header("HX-Request"));
    }

    public int port() {
        return server.port();
    }

    public String url() {
        return "http://localhost:" + port();
    }

    @Override
    public void close() {
        runs.close();
        server.stop();
    }

    /** Blocks until the JVM is asked to stop, then closes the app (for the serve and demo commands). */
    public void awaitShutdown(Consumer<String> say) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say.accept("Stopping Wizzygen …");
            close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
