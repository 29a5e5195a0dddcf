package io.wizzygen.web;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.wizzygen.cli.Demo;
import io.wizzygen.notion.DataSource;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionIds;
import io.wizzygen.notion.Query;
import io.wizzygen.notion.PropertyValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.wizzygen.web.BrowserFixture.button;
import static io.wizzygen.web.BrowserFixture.field;
import static org.assertj.core.api.Assertions.assertThat;

/** The walkthrough of ../shared/seed in a real browser, against the demo (app + sandbox + demo engine). */
class WalkthroughBrowserTest {

    private static BrowserFixture browser;
    private static Demo demo;

    @BeforeAll
    static void start() {
        browser = BrowserFixture.start();
        demo = Demo.start(0, io.wizzygen.setup.Environment.of(Map.of()));
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
        if (browser != null) {
            browser.close();
        }
    }

    private static String url(String path) {
        return demo.app().url() + path;
    }

    private static String createConnection(Page page, String name, String type) {
        page.navigate(url("/create"));
        field(page, "Name").fill(name);
        field(page, "Type").selectOption(type);
        page.getByLabel("Create the sample for me").check();
        field(page, "Create the sample in").selectOption(new com.microsoft.playwright.options.SelectOption().setLabel("Sample page"));
        button(page, "Next").click();
        page.waitForURL(Pattern.compile(".*/connections/[0-9a-f-]{36}$"));
        return page.url();
    }

    @Test
    void settingsAreSavedMaskedClearedAndSavedAgain() {
        Page page = browser.page(1280);
        page.navigate(url("/settings"));
        String connections = field(page, "Connections Database").inputValue();
        assertThat(connections).contains(demo.sandbox().baseUrl());
        field(page, "AI Engine").selectOption("openai");
        field(page, "API key").fill("sk-walkthrough-secret-0000wxyz");
        button(page, "Save").click();
        assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("Settings saved.");
        assertThat(page.getByText("Saved key: ••••wxyz")).isVisible();
        assertThat(field(page, "API key")).hasValue("");
        assertThat(page.content()).doesNotContain("sk-walkthrough-secret");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Clear").setExact(true)).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Clear all settings?"))).isVisible();
        button(page, "Clear").click();
        assertThat(page.getByText("Settings cleared.")).isVisible();
        assertThat(field(page, "Connections Database")).hasValue("");
        assertThat(page.getByText("Saved key:")).hasCount(0);
        page.navigate(url("/"));
        assertThat(page.locator(".checklist .missing")).hasCount(3);

        page.navigate(url("/settings"));
        field(page, "Connections Database").fill(connections);
        field(page, "AI Engine").selectOption("demo");
        field(page, "Notion Internal Integration Secret Key").fill(demo.sandbox().token());
        button(page, "Test Notion secret").click();
        assertThat(page.locator("#notion-test")).containsText("Connected to Notion");
        button(page, "Save").click();
        assertThat(page.getByText("Settings saved.")).isVisible();
        assertThat(page.getByText("Saved secret: ••••")).isVisible();
        page.navigate(url("/"));
        assertThat(page.locator(".checklist .done")).hasCount(3);
        page.context().close();
    }

    @Test
    void aPageIsGeneratedAndItsBlocksAreVisibleInTheSandboxViewer() {
        Page page = browser.page(1280);
        createConnection(page, "Blog on Notion", "Notion Page");
        field(page, "Prompt").fill("Write me a blog on Notion in 100 words");
        button(page, "Generate").click();
        assertThat(page.locator("#page-run .run-status")).containsText("Done:", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(page.locator("#page-run .stream")).containsText("Write me a blog on Notion in 100 words");
        String notionPage = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open the page in Notion")).getAttribute("href");
        BrowserFixture.screenshot(page, "create-page-1280");
        page.navigate(notionPage);
        assertThat(page.locator("body")).containsText("Write me a blog on Notion in 100 words");
        assertThat(page.locator("h2, h3").first()).isVisible();
        page.context().close();
    }

    @Test
    void databaseRowsAreTypedTickedGeneratedAndAFailureIsShownAndRetried() {
        Page page = browser.page(1280);
        createConnection(page, "Topics to Japanese", "Notion Database");
        Locator rows = page.locator("#grid tbody tr");
        assertThat(rows).hasCount(3);
        field(page, "New row").fill("Fourth topic");
        button(page, "Add row").click();
        assertThat(rows).hasCount(4);
        field(page, "Topic of row Social media is a boon").fill("Social media is a gift");
        page.waitForResponse(response -> response.url().contains("/rows/") && response.status() == 204,
                () -> field(page, "Topic of row Social media is a boon").press("Tab"));
        page.waitForResponse(response -> response.url().contains("/rows/") && response.status() == 204,
                () -> field(page, "Generate Notion is best tool").uncheck());
        String databaseLink = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open the database")).getAttribute("href");
        NotionClient notion = demo.notion();
        Database database = notion.retrieveDatabase(NotionIds.parse(databaseLink));
        DataSource source = notion.retrieveDataSource(database.dataSources().getFirst().id());
        List<io.wizzygen.notion.Page> inNotion = notion.queryDataSource(source.id(), Query.all()).toList();
        assertThat(inNotion).extracting(io.wizzygen.notion.Page::title).contains("Social media is a gift", "Fourth topic");
        assertThat(inNotion).filteredOn(r -> r.title().equals("Notion is best tool")).singleElement()
                .satisfies(r -> assertThat(r.property("Generate").map(PropertyValue::asText)).hasValue("No"));

        field(page, "Prompt").fill("Translate the topic to Japanese");
        field(page, "Output property").selectOption("AI Status");
        button(page, "Generate").click();
        assertThat(page.locator("#db-run .run-status")).containsText("Finished with problems", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(page.locator("#db-run .row-events .failed")).hasCount(3);
        assertThat(page.locator("#db-run .row-events")).containsText("not an option of AI Status");
        BrowserFixture.screenshot(page, "create-database-failed-1280");

        page.reload();
        field(page, "Output property").selectOption("Content");
        button(page, "Retry failed").click();
        assertThat(page.locator("#db-run .run-status")).containsText("Done: 3 rows written", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(page.locator("tr", new Page.LocatorOptions().setHasText("Fourth topic")).locator(".output")).containsText("Translate the topic to Japanese");
        assertThat(page.locator("tr", new Page.LocatorOptions().setHas(field(page, "Topic of row Notion is best tool"))).locator(".output")).hasText("");
        BrowserFixture.screenshot(page, "create-database-1280");
        page.context().close();
    }

    @Test
    void connectionsAreSortedFilteredResumedAndDeletedAlsoFromTheConnectionsDatabase() {
        Page page = browser.page(1280);
        createConnection(page, "Alpha page", "Notion Page");
        createConnection(page, "Zulu database", "Notion Database");
        page.navigate(url("/connections"));
        Locator names = page.locator("#connections tbody tr td:first-child a");
        assertThat(names.first()).hasText("Alpha page");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Name ▲")).click();
        assertThat(page.locator("#connections tbody tr td:first-child a").first()).hasText("Zulu database");
        page.getByLabel("Type", new Page.GetByLabelOptions().setExact(true)).selectOption("Notion Page");
        button(page, "Apply").click();
        assertThat(page.locator("#connections tbody tr")).not().containsText(new String[] {"Zulu database"});
        assertThat(page.locator("#connections")).containsText("Alpha page");
        field(page, "Filter").fill("alpha");
        button(page, "Apply").click();
        assertThat(page.locator("#connections tbody tr")).hasCount(1);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Alpha page")).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Alpha page"))).isVisible();
        assertThat(field(page, "Prompt")).isVisible();

        page.navigate(url("/connections?q=Zulu"));
        field(page, "More actions for Zulu database").click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Delete")).click();
        button(page, "Delete").click();
        assertThat(page.getByText("Connection deleted")).isVisible();
        assertThat(page.locator("body")).not().containsText("Zulu database");
        NotionClient notion = demo.notion();
        Database connections = notion.retrieveDatabase(NotionIds.parse(notion.search("Connections", java.util.Optional.empty())
                .filter(r -> r.title().equals("Connections")).findFirst().orElseThrow().url()));
        List<String> rowsInNotion = notion.queryDataSource(connections.dataSources().getFirst().id(), Query.all())
                .map(io.wizzygen.notion.Page::title).toList();
        assertThat(rowsInNotion).contains("Alpha page").doesNotContain("Zulu database");
        page.context().close();
    }

    @Test
    void everyTabIsUsableAt1280And390PixelsWithoutHorizontalScrolling() {
        for (int width : new int[] {1280, 390}) {
            Page page = browser.page(width);
            for (String tab : List.of("Home", "Create", "Connections", "Settings", "Upgrade", "Feedback")) {
                page.navigate(url("/"));
                page.getByRole(AriaRole.NAVIGATION).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(Pattern.compile(tab + "$"))).click();
                assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(tab).setLevel(1))).isVisible();
                Object overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(((Number) overflow).intValue()).as(tab + " at " + width + " px scrolls sideways; wider than the screen: "
                        + page.evaluate("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
                                + ".map(e => e.tagName + '.' + e.className).slice(0, 5).join(', ')")).isLessThanOrEqualTo(0);
                BrowserFixture.screenshot(page, tab.toLowerCase() + "-" + width);
            }
            page.keyboard().press("Tab");
            assertThat(page.locator(":focus")).isVisible();
            page.context().close();
        }
    }

    @Test
    void whatIsTypedSurvivesAReloadButSecretsAreNotKept() {
        Page page = browser.page(1280);
        page.navigate(url("/create"));
        field(page, "Name").fill("Half-typed connection");
        field(page, "URL").fill("https://www.notion.so/Half-typed");
        page.navigate(url("/settings"));
        field(page, "API key").fill("sk-never-kept-in-the-browser");
        field(page, "Model").fill("typed-model");
        page.reload();
        assertThat(field(page, "Model")).hasValue("typed-model");
        assertThat(field(page, "API key")).hasValue("");
        assertThat(page.evaluate("() => JSON.stringify(Object.assign({}, sessionStorage))").toString()).doesNotContain("sk-never-kept");
        page.navigate(url("/create"));
        assertThat(field(page, "Name")).hasValue("Half-typed connection");
        assertThat(field(page, "URL")).hasValue("https://www.notion.so/Half-typed");
        page.context().close();
    }
}
