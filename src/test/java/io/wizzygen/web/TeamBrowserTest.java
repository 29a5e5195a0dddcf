package io.wizzygen.web;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.SearchResult;
import io.wizzygen.sandbox.SandboxOptions;
import io.wizzygen.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Optional;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.wizzygen.web.BrowserFixture.button;
import static io.wizzygen.web.BrowserFixture.field;

/**
 * Team mode in a real browser: sign-up, settings saved through forms that carry the CSRF token, rows ticked
 * over htmx with the token in a header, a run charged to the Free plan, sign-out and sign-in back to where one was.
 */
class TeamBrowserTest {

    private static BrowserFixture browser;
    private static SandboxServer sandbox;
    private static WebApp app;

    @BeforeAll
    static void start() throws Exception {
        browser = BrowserFixture.start();
        sandbox = SandboxServer.start(SandboxOptions.defaults().withPort(0).withRateLimit(0));
        app = WebApp.start(TeamModeTest.teamOptions(Files.createTempDirectory("wizzygen-team-browser"), sandbox.baseUrl()));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aMemberSignsUpSetsUpGeneratesWithinTheFreePlanSignsOutAndSignsInAgain() {
        NotionClient notion = NotionClient.builder().baseUrl(sandbox.baseUrl()).token(sandbox.token()).rateLimit(0, 1).build();
        String connectionsDatabase = notion.search("Connections", Optional.empty()).filter(r -> r.title().equals("Connections"))
                .map(SearchResult::url).findFirst().orElseThrow();
        Page page = browser.page(1280);

        page.navigate(app.url() + "/");
        page.waitForURL(Pattern.compile(".*/signin\\?next=%2F$"));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New here? Sign up")).click();
        page.waitForURL(Pattern.compile(".*/signup$")); // the sign-in page has an Email field too: fill the new page's
        field(page, "Email").fill("grace@example.com");
        field(page, "Password").fill("a long enough passphrase");
        field(page, "Password again").fill("a long enough passphrase");
        button(page, "Sign up").click();
        assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("Welcome to Wizzygen");
        assertThat(page.locator("#usage-heading + p")).containsText("0 of 10 prompts used");
        assertThat(page.getByRole(AriaRole.NAVIGATION).getByText("grace@example.com")).isVisible();

        page.navigate(app.url() + "/settings");
        field(page, "Connections Database").fill(connectionsDatabase);
        field(page, "AI Engine").selectOption("demo");
        field(page, "Notion Internal Integration Secret Key").fill(sandbox.token());
        button(page, "Save").click();
        assertThat(page.getByText("Settings saved.")).isVisible();

        page.navigate(app.url() + "/create");
        field(page, "Name").fill("Team topics");
        field(page, "Type").selectOption("Notion Database");
        page.getByLabel("Create the sample for me").check();
        field(page, "Create the sample in").selectOption(new SelectOption().setLabel("Wizzygen Sandbox / Sample page"));
        button(page, "Next").click();
        page.waitForURL(Pattern.compile(".*/connections/[0-9a-f-]{36}$"));
        page.waitForResponse(response -> response.url().contains("/rows/") && response.status() == 204,
                () -> field(page, "Generate Notion is best tool").uncheck());
        field(page, "Prompt").fill("Translate {{Topic}} to Japanese");
        field(page, "Output property").selectOption("Content");
        button(page, "Generate").click();
        assertThat(page.locator("#db-run .run-status")).containsText("Done: 2 rows written", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));

        page.navigate(app.url() + "/upgrade");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Your plan: Free"))).isVisible();
        assertThat(page.locator("#plan-heading + p")).containsText("2 of 10");
        assertThat(page.locator("table").first()).containsText("demo");
        BrowserFixture.screenshot(page, "upgrade-team-1280");

        button(page, "Sign out").click();
        page.waitForURL(Pattern.compile(".*/signin$"));
        page.navigate(app.url() + "/settings");
        page.waitForURL(Pattern.compile(".*/signin\\?next=%2Fsettings$"));
        field(page, "Email").fill("grace@example.com");
        field(page, "Password").fill("not the passphrase");
        button(page, "Sign in").click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("do not match");
        browser.assertClean(page, "a refused sign-in");
        field(page, "Password").fill("a long enough passphrase");
        button(page, "Sign in").click();
        page.waitForURL(Pattern.compile(".*/settings$"));
        assertThat(page.getByText("Saved secret: ••••")).isVisible();
        page.context().close();
    }
}
