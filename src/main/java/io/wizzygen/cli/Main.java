package io.wizzygen.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::explain);
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
