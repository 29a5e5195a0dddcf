package io.wizzygen.cli;

import io.wizzygen.setup.Environment;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.util.Properties;

/** The {@code wizzygen} command: parses arguments and hands over to one subcommand. */
@Command(
        name = "wizzygen",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Writes AI-generated content into Notion pages and Notion database rows.",
            "Run 'wizzygen demo' to try everything offline, or 'wizzygen <command> --help' for one command."
        },
        subcommands = {
            AdminCommand.class,
            DemoCommand.class,
            GenerateCommand.class,
            SandboxCommand.class,
            ServeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    static {
        // A team member's AI server is reached at the address that was checked, named in the Host header: Java's HTTP
        // client allows that header only when told so before its first use, so it is told here, at the very start.
        String allowed = System.getProperty("jdk.httpclient.allowRestrictedHeaders", "");
        if (!allowed.toLowerCase(java.util.Locale.ROOT).contains("host")) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", allowed.isBlank() ? "host" : allowed + ",host");
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        enoughCarriersForSqlite();
        System.exit(commandLine(Environment.current()).execute(args));
    }

    /**
     * SQLite's driver waits for the database's lock in native code, which pins the carrier of a virtual thread that
     * waits there. With more carriers than the store has connections, the thread holding the lock can always run on
     * and release it; the default (one carrier a core) could let two waiters on a 2-core machine stall everyone.
     */
    static void enoughCarriersForSqlite() {
        if (System.getProperty(CARRIERS) == null) {
            System.setProperty(CARRIERS, String.valueOf(Math.max(Runtime.getRuntime().availableProcessors(), 8)));
        }
    }

    private static final String CARRIERS = "jdk.virtualThreadScheduler.parallelism";

    /** The configured command line with this process's environment, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        return commandLine(Environment.current());
    }

    /** The configured command line; every command that needs the environment gets {@code environment} (read once, here). */
    public static CommandLine commandLine(Environment environment) {
        return new CommandLine(new Main(), new WithEnvironment(environment)).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::explain);
    }

    /** Creates commands and mixins, handing the environment to those whose constructor takes it. */
    private record WithEnvironment(Environment environment) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(Environment.class);
                constructor.setAccessible(true);
                return constructor.newInstance(environment);
            } catch (NoSuchMethodException takesNone) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    /**
     * The command line's one error boundary: a failure a user can fix is told in their words with exit 1
     * (CONTRACTS.md: a setup error), never as a stack trace.
     */
    static int explain(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        String message = switch (e) {
            case io.wizzygen.notion.NotionException notion -> notion.userMessage();
            case io.wizzygen.ai.AiException ai -> ai.userMessage();
            case IllegalArgumentException invalid -> invalid.getMessage();
            case io.wizzygen.accounts.AccountException account -> account.getMessage();
            default -> "Wizzygen failed unexpectedly (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "). Please report it with the command you ran.";
        };
        commandLine.getErr().println(message);
        commandLine.getErr().flush();
        return 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads the version Maven wrote into {@code version.properties} at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/io/wizzygen/version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"Wizzygen " + properties.getProperty("version", "development build")};
        }
    }
}
