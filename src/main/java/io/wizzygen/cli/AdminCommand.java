package io.wizzygen.cli;

import io.wizzygen.accounts.Accounts;
import io.wizzygen.accounts.Plans;
import io.wizzygen.accounts.UpgradeCodes;
import io.wizzygen.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code wizzygen admin}: the operator's tasks on a team server's data. */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "The operator's tasks for a team server (see its subcommands).",
        subcommands = AdminCommand.UpgradeCode.class)
final class AdminCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code wizzygen admin upgrade-code --plan NAME}: prints a single-use code that moves an account to that plan. */
    @Command(name = "upgrade-code", mixinStandardHelpOptions = true,
            description = {"Prints a single-use upgrade code for a plan (free, pro, unlimited, or one from plans.properties in the config folder).",
                "Someone signed in pastes it on the Upgrade tab; it works once."})
    static final class UpgradeCode implements Callable<Integer> {

        @Option(names = "--plan", required = true, paramLabel = "NAME", description = "The plan the code grants, e.g. pro.")
        String plan;

        @Option(names = "--data", paramLabel = "DIR", description = "Data folder of the server (default: $XDG_DATA_HOME/wizzygen or ~/.local/share/wizzygen).")
        Path data;

        @Option(names = "--database", paramLabel = "URL", description = "The server's PostgreSQL URL (default: WIZZYGEN_DATABASE_URL, else SQLite in the data folder).")
        String database;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Plans plans = Plans.load(Store.defaultConfigFolder().resolve("plans.properties"));
            plans.require(plan);
            Store store = Store.open(data != null ? data : Store.defaultDataFolder(), database != null ? database : System.getenv("WIZZYGEN_DATABASE_URL"));
            String code = new UpgradeCodes(store, new Accounts(store, Clock.systemUTC()), plans, Clock.systemUTC()).issue(plan);
            spec.commandLine().getOut().println(code);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
