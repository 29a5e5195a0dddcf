package io.wizzygen.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    @Test
    void versionNamesTheProductAndExitsZero() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--version")).isZero();
        assertThat(out.toString()).startsWith("Wizzygen ").doesNotContain("${");
    }

    @Test
    void helpListsTheCommands() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("Usage: wizzygen").contains("help");
    }

    @Test
    void unknownOptionIsAUsageErrorNotACrash() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("--no-such-flag")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option");
    }

    @Test
    void adminUpgradeCodePrintsASingleUseCodeThatMovesAnAccountToThePlan(@org.junit.jupiter.api.io.TempDir java.nio.file.Path data) {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("admin", "upgrade-code", "--plan", "pro", "--data", data.toString())).isZero();
        String code = out.toString().strip();
        assertThat(code).matches("WZ-[A-Z0-9-]+");

        io.wizzygen.store.Store store = io.wizzygen.store.Store.sqlite(data);
        io.wizzygen.accounts.Accounts accounts = new io.wizzygen.accounts.Accounts(store, java.time.Clock.systemUTC());
        io.wizzygen.accounts.Account account = accounts.signUp("ada@example.com", "correct horse battery");
        io.wizzygen.accounts.UpgradeCodes codes = new io.wizzygen.accounts.UpgradeCodes(store, accounts,
                io.wizzygen.accounts.Plans.defaults(), java.time.Clock.systemUTC());
        assertThat(codes.redeem(account.id(), code).name()).isEqualTo("pro");
        assertThat(accounts.find(account.id()).orElseThrow().plan()).isEqualTo("pro");
    }

    @Test
    void adminUpgradeCodeForAnUnknownPlanNamesThePlansAndExitsOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path data) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("admin", "upgrade-code", "--plan", "gold", "--data", data.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no plan 'gold'", "free, pro, unlimited").doesNotContain("Exception");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "--signup|everyone|Unknown --signup \"everyone\": use open (anyone may sign up) or invite (only with a code).",
        "--allow-ai-host|http://127.0.0.1:11434|is not HOST or HOST:PORT. Write it like 127.0.0.1:11434",
        "--public-url|wizzygen.example.com|--public-url \"wizzygen.example.com\" is not the app's address"})
    void aWrongServeFlagIsASetupErrorThatSaysTheFix(String flag, String value, String message, @org.junit.jupiter.api.io.TempDir java.nio.file.Path data) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(io.wizzygen.setup.Environment.of(java.util.Map.of()));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("serve", "--mode", "team", "--port", "0", "--data", data.toString(), flag, value)).isEqualTo(1);
        assertThat(err.toString()).contains(message).doesNotContain("Exception");
    }

    @Test
    void adminInvitePrintsASingleUseSignUpCode(@org.junit.jupiter.api.io.TempDir java.nio.file.Path data) {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine(io.wizzygen.setup.Environment.of(java.util.Map.of()));
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("admin", "invite", "--data", data.toString())).isZero();
        assertThat(out.toString().strip()).matches("INV-[A-Z0-9]{5}(-[A-Z0-9]{5}){3}");
    }
}
