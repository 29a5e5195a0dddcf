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
            DemoCommand.class,
            GenerateCommand.class,
            SandboxCommand.class,
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
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
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
