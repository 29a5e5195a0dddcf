package io.wizzygen.cli;

import io.wizzygen.accounts.Accounts;
import io.wizzygen.accounts.Invites;
import io.wizzygen.accounts.Plans;
import io.wizzygen.accounts.UpgradeCodes;
import io.wizzygen.setup.Environment;
import io.wizzygen.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code wizzygen admin}: the operator's tasks on a team server's data. */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "The operator's tasks for a team server (see its subcommands).",
        subcommands = {AdminCommand.UpgradeCode.class, AdminCommand.Invite.class})
final class AdminCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints a code as the command's one line of output (for scripts); exit 0. */
    static int printed(CommandLine.Model.CommandSpec spec, String code) {
        spec.commandLine().getOut().println(code);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The server whose data an admin command works on: --data and --database, as serve was given them. */
    static final class Server {

        @Option(names = "--data", paramLabel = "DIR", description = "Data folder of the server (default: $XDG_DATA_HOME/wizzygen or ~/.local/share/wizzygen).")
        Path data;

        @Option(names = "--database", paramLabel = "URL", description = "The server's PostgreSQL URL (default: WIZZYGEN_DATABASE_URL, else SQLite in the data folder).")
        String database;

        private final Environment environment;

        Server(Environment environment) {
            this.environment = environment;
        }

        Store store() {
            return environment.storage(data, database).open();
        }

        Plans plans() {
            Environment.OperatorFile file = environment.plans();
            return Plans.of(file.entries(), file.source());
        }
    }

    /** {@code wizzygen admin upgrade-code --plan NAME}: prints a single-use code that moves an account to that plan. */
    @Command(name = "upgrade-code", mixinStandardHelpOptions = true,
            description = {"Prints a single-use upgrade code for a plan (free, pro, unlimited, or one from plans.properties in the config folder).",
                "Someone signed in pastes it on the Upgrade tab; it works once."})
    static final class UpgradeCode implements Callable<Integer> {

        @Option(names = "--plan", required = true, paramLabel = "NAME", description = "The plan the code grants, e.g. pro.")
        String plan;

        @Mixin
        Server server;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Plans plans = server.plans();
            plans.require(plan);
            Store store = server.store();
            return printed(spec, new UpgradeCodes(store, new Accounts(store, Clock.systemUTC()), plans, Clock.systemUTC()).issue(plan));
        }
    }

    /** {@code wizzygen admin invite}: prints a single-use sign-up code for a server in invite mode. */
    @Command(name = "invite", mixinStandardHelpOptions = true,
            description = "Prints a single-use sign-up code for a team server started with --signup invite. The person pastes it on the "
                    + "Sign up page; it makes one account. The first account made becomes the admin, who can make further codes on the Account tab.")
    static final class Invite implements Callable<Integer> {

        @Mixin
        Server server;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return printed(spec, new Invites(server.store(), Clock.systemUTC()).issue(null));
        }
    }
}
