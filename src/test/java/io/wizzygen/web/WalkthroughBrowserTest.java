package io.wizzygen.web;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.SelectOption;
import io.wizzygen.cli.Demo;
import io.wizzygen.connections.Targets;
import io.wizzygen.notion.DataSource;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionIds;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.wizzygen.web.BrowserFixture.button;
import static io.wizzygen.web.BrowserFixture.field;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walkthrough of ../shared/seed in a real browser, against the demo (app + sandbox + demo engine), at 1280 and
 * 390 px: each step with zero axe-core violations and zero console errors, and the README's screenshots taken on the way.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkthroughBrowserTest {

    /** The seeded "Sample page" as the place pickers name it: by its path. */
    private static final Pattern SAMPLE_PAGE_PLACE = Pattern.compile("^Wizzygen Sandbox / Sample page$");
    private static final LocatorAssertions.ContainsTextOptions RUN = new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

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

    /** Create → the sample, placed in the seeded "Sample page" → Next; answers the connection's address. */
    private static String createConnection(Page page, String name, String type) {
        page.navigate(url("/create"));
        field(page, "Name").fill(name);
        field(page, "Type").selectOption(type);
        page.getByLabel("Create the sample for me").check();
        field(page, "Create the sample in").selectOption(new SelectOption().setLabel("Wizzygen Sandbox / Sample page"));
        assertBusyUntilAnswered(page, "**/create", button(page, "Next"), "busy");
        page.waitForURL(Pattern.compile(".*/connections/[0-9a-f-]{36}$"));
        return page.url();
    }

    /** Clicks {@code button} and holds its request: meanwhile the button shows the busy sign; then lets the answer through. */
    private static void assertBusyUntilAnswered(Page page, String request, Locator button, String busyClass) {
        List<Route> held = new ArrayList<>();
        page.route(request, held::add);
        button.click();
        page.waitForCondition(() -> !held.isEmpty());
        assertThat(button).hasClass(Pattern.compile("\\b" + busyClass + "\\b"));
        page.unroute(request);
        held.forEach(Route::resume);
    }

    /** A name for something made at this width (plain at 1280 px, as the README's screenshots show it). */
    private static String named(String name, int width) {
        return width == 1280 ? name : name + " at " + width + " px";
    }

    /** The element is shown whole on the screen's width (a stacked card hides nothing behind a sideways scroll). */
    private static void assertOnScreen(Locator element, int width, String what) {
        assertThat(element).isVisible();
        BoundingBox box = element.boundingBox();
        assertThat(box.x).as(what + " starts on screen").isGreaterThanOrEqualTo(0);
        assertThat(box.x + box.width).as(what + " ends on the " + width + " px screen").isLessThanOrEqualTo(width + 0.5);
    }

    @Order(1)
    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {1280, 390})
    void settingsAreSavedMaskedClearedAndSavedAgain(int width) {
        Page page = browser.page(width);
        page.navigate(url("/settings"));
        browser.assertClean(page, "Settings at " + width);
        String connections = field(page, "Connections Database").inputValue();
        assertThat(connections).contains(demo.sandbox().baseUrl());

        Locator help = page.getByLabel("How to get the Connections Database link");
        BoundingBox closed = help.boundingBox();
        double fieldWidth = field(page, "Connections Database").boundingBox().width;
        help.click();
        assertThat(page.locator("#connectionsDatabase-help")).isVisible();
        assertThat(help.boundingBox().y).as("the ? stays beside its field when opened").isEqualTo(closed.y);
        assertThat(help.boundingBox().x).isEqualTo(closed.x);
        assertThat(field(page, "Connections Database").boundingBox().width).as("the field keeps its width").isEqualTo(fieldWidth);
        help.click();

        field(page, "Connections Database").fill("not a link");
        button(page, "Save").click();
        assertThat(page.locator("#connectionsDatabase-error")).containsText("This is not a Notion link");
        browser.assertClean(page, "a refused Settings form at " + width);
        field(page, "Connections Database").fill(connections);

        field(page, "AI Engine").selectOption("openai");
        field(page, "API key").fill("sk-walkthrough-secret-0000wxyz");
        button(page, "Save").click();
        assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("Settings saved.");
        assertThat(page.getByText("Saved key: ••••wxyz")).isVisible();
        assertThat(field(page, "API key")).hasValue("");
        assertThat(page.content()).doesNotContain("sk-walkthrough-secret");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Clear").setExact(true)).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Clear all settings?"))).isVisible();
        browser.assertClean(page, "Clear settings? at " + width);
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

        // not loaded before it is opened
        assertThat(page.getByLabel("Page for the Connections database")).hasCount(0);
        page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Create it for me")).click();
        Locator parent = page.getByLabel("Page for the Connections database");
        assertThat(parent.locator("option", new Locator.LocatorOptions().setHasText(SAMPLE_PAGE_PLACE))).hasCount(1);
        browser.assertClean(page, "Settings with Create it for me open at " + width);
        if (width == 1280) {
            BrowserFixture.readmeScreenshot(page, "settings");
        }
        page.navigate(url("/"));
        assertThat(page.locator(".checklist .done")).hasCount(3);
        browser.assertClean(page, "Home at " + width);
        page.context().close();
    }

    @Order(2)
    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {1280, 390})
    void aPageIsGeneratedAndItsBlocksAreVisibleInTheSandboxViewer(int width) {
        Page page = browser.page(width);
        page.navigate(url("/create"));
        assertThat(field(page, "URL")).isVisible();
        assertThat(page.getByText("Looking for the pages shared")).isHidden();
        page.getByLabel("Create the sample for me").check();
        // a sample needs no link
        assertThat(field(page, "URL")).isHidden();
        Locator place = field(page, "Create the sample in");
        assertThat(place).isVisible();
        assertThat(place.locator("option").first()).hasText("Wizzygen Sandbox");
        assertThat(place.locator("option", new Locator.LocatorOptions().setHasText(SAMPLE_PAGE_PLACE))).hasCount(1);
        browser.assertClean(page, "Create with the sample chosen at " + width);
        page.getByLabel("Use my own").check();
        // no place to choose for your own page
        assertThat(place).isHidden();
        assertThat(field(page, "URL")).isVisible();
        if (width == 1280) {
            BrowserFixture.readmeScreenshot(page, "create");
        }

        String connection = createConnection(page, named("Blog on Notion", width), "Notion Page");
        browser.assertClean(page, "a page connection at " + width);
        assertThat(field(page, "Prompt")).hasValue("");
        assertThat(field(page, "Prompt").getAttribute("placeholder")).as("no grey example that looks filled in").isNull();
        button(page, "Generate").click();
        assertThat(page.getByText("Write what the page should contain")).isVisible();
        assertThat(page).hasURL(connection);
        browser.assertClean(page, "a refused Generate at " + width);
        button(page, "Use this example").click();
        assertThat(field(page, "Prompt")).hasValue("Write me a blog on Notion in 100 words");
        button(page, "Generate").click();
        assertThat(page.locator("#page-run .run-status")).containsText("Done:", RUN);
        assertThat(page.locator("#page-run .run-status")).not().containsText(Pattern.compile("\\b1 blocks\\b"));
        assertThat(page.locator("#page-run .stream")).containsText("Write me a blog on Notion in 100 words");
        browser.assertClean(page, "a finished page run at " + width);
        BrowserFixture.screenshot(page, "create-page-" + width);
        if (width == 1280) {
            BrowserFixture.readmeScreenshot(page, "create-page");
        }
        String notionPage = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open the page in Notion")).getAttribute("href");
        page.navigate(notionPage);
        assertThat(page.locator("h1")).containsText(Targets.SAMPLE_PAGE);
        assertThat(page.locator("body")).containsText("Write me a blog on Notion in 100 words");
        assertThat(page.locator("h2, h3").first()).isVisible();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("↑ parent")).click();
        // the sample is where it was asked for
        assertThat(page.locator("h1")).hasText("Sample page");
        assertThat(browser.consoleErrors(page)).as("the sandbox viewer's console").isEmpty();
        page.context().close();
    }

    @Order(3)
    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {1280, 390})
    void databaseRowsAreTypedTickedGeneratedAndAFailureIsShownAndRetried(int width) {
        Page page = browser.page(width);
        createConnection(page, named("Topics to Japanese", width), "Notion Database");
        assertThat(page.locator("h1 + p a")).hasText("Open the database");
        Locator rows = page.locator("#grid tbody tr");
        assertThat(rows).hasCount(3);
        browser.assertClean(page, "a database connection at " + width);
        assertThat(page.locator("button[data-insert^='{{']")).hasText(new String[] {"{{Topic}}", "{{Content}}"});
        // nothing failed yet
        assertThat(button(page, "Retry failed")).isHidden();

        page.evaluate("() => window.stillThisPage = true");
        field(page, "New row").fill("Fourth topic");
        assertBusyUntilAnswered(page, "**/rows", button(page, "Add row"), "htmx-request");
        assertThat(rows).hasCount(4);
        assertThat(field(page, "New row")).hasValue("");
        assertThat(page.evaluate("() => window.stillThisPage === true")).as("the row is added in place, without a reload").isEqualTo(true);
        button(page, "Add row").click();
        assertThat(page.locator("#new-row-error")).containsText("Type the new row's Topic first.");
        assertThat(rows).hasCount(4);
        browser.assertClean(page, "a refused Add row at " + width);

        field(page, "Topic of row Social media is a boon").fill("Social media is a gift");
        page.waitForResponse(response -> response.url().contains("/rows/") && response.status() == 204,
                () -> field(page, "Topic of row Social media is a boon").press("Tab"));
        for (String row : List.of("Learning is fun", "Notion is best tool", "Social media is a boon", "Fourth topic")) {
            page.waitForResponse(response -> response.url().contains("/rows/") && response.status() == 204, () -> field(page, "Generate " + row).uncheck());
        }
        assertThat(button(page, "Generate")).isDisabled();
        assertThat(button(page, "Test on first 3 rows")).isDisabled();
        assertThat(page.locator("#no-ticks")).hasText("No ticked rows: tick the rows to process in the Generate column.");
        browser.assertClean(page, "nothing ticked at " + width);
        for (String row : List.of("Learning is fun", "Social media is a boon", "Fourth topic")) {
            page.waitForResponse(response -> response.url().contains("/rows/") && response.status() == 204, () -> field(page, "Generate " + row).check());
        }
        assertThat(button(page, "Generate")).isEnabled();
        assertThat(page.locator("#no-ticks")).isHidden();

        String databaseLink = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open the database")).getAttribute("href");
        NotionClient notion = demo.notion();
        Database database = notion.retrieveDatabase(NotionIds.parse(databaseLink));
        assertThat(database.title()).startsWith(Targets.SAMPLE_DATABASE);
        DataSource source = notion.retrieveDataSource(database.dataSources().getFirst().id());
        List<io.wizzygen.notion.Page> inNotion = notion.queryDataSource(source.id(), Query.all()).toList();
        assertThat(inNotion).extracting(io.wizzygen.notion.Page::title).contains("Social media is a gift", "Fourth topic");
        assertThat(inNotion).filteredOn(r -> r.title().equals("Notion is best tool")).singleElement()
                .satisfies(r -> assertThat(r.property("Generate").map(PropertyValue::asText)).hasValue("No"));

        field(page, "Prompt").fill("Translate the topic to Japanese");
        String here = page.url();
        button(page, "Test on first 3 rows").click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Test on first 3 rows (nothing written)"))).isVisible();
        assertThat(page.locator(".preview li")).hasCount(3);
        assertThat(page).hasURL(here);
        assertThat(field(page, "Prompt")).hasValue("Translate the topic to Japanese");
        field(page, "Output property").selectOption("AI Status");
        assertBusyUntilAnswered(page, "**/generate", button(page, "Generate"), "busy");
        assertThat(page.locator("#db-run .run-status")).containsText("Finished with problems", RUN);
        assertThat(page.locator("#db-run .row-events .failed")).hasCount(3);
        assertThat(page.locator("#db-run .row-events")).containsText("not an option of AI Status");
        assertThat(button(page, "Retry failed")).isVisible();
        browser.assertClean(page, "a database run with failures at " + width);
        BrowserFixture.screenshot(page, "create-database-failed-" + width);

        page.reload();
        // failed rows are still there after a reload
        assertThat(button(page, "Retry failed")).isVisible();
        field(page, "Output property").selectOption("Content");
        button(page, "Retry failed").click();
        assertThat(page.locator("#db-run .run-status")).containsText("Done: 3 rows written", RUN);
        Locator fourth = page.locator("tr", new Page.LocatorOptions().setHasText("Fourth topic"));
        assertThat(fourth.locator(".output")).hasText("Demo engine (no AI): a real AI would be asked \u201cTranslate the topic to Japanese\u201d for Topic: Fourth topic.");
        assertThat(page.locator("tr", new Page.LocatorOptions().setHas(field(page, "Topic of row Notion is best tool"))).locator(".output")).hasText("");
        // nothing failed any more
        assertThat(button(page, "Retry failed")).isHidden();
        for (Locator cell : fourth.locator("td").all()) {
            assertOnScreen(cell, width, "the cell " + cell.getAttribute("data-label") + " of a row at " + width);
        }
        browser.assertClean(page, "a finished database run at " + width);
        BrowserFixture.screenshot(page, "create-database-" + width);
        if (width == 1280) {
            BrowserFixture.readmeScreenshot(page, "create-database");
        }
        page.context().close();
    }

    @Order(4)
    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {1280, 390})
    void connectionsAreSortedFilteredResumedAndDeletedAlsoFromTheConnectionsDatabase(int width) {
        Page page = browser.page(width);
        String alpha = named("Alpha page", width);
        String zulu = named("Zulu database", width);
        createConnection(page, alpha, "Notion Page");
        createConnection(page, zulu, "Notion Database");
        page.navigate(url("/connections"));
        browser.assertClean(page, "Connections at " + width);
        Locator names = page.locator("#connections tbody tr td:first-child a");
        assertThat(names.first()).containsText("Alpha page");
        Locator sortByName = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Name ▲"));
        assertThat(sortByName).hasCSS("cursor", "pointer");
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Type").setExact(true)))
                // a column not sorted by shows it can be
                .hasCSS("text-decoration-line", "underline");
        sortByName.click();
        assertThat(page.locator("#connections tbody tr td:first-child a").first()).containsText("Zulu database");
        page.getByLabel("Type", new Page.GetByLabelOptions().setExact(true)).selectOption("Notion Page");
        button(page, "Apply").click();
        assertThat(page.locator("#connections tbody tr")).not().containsText(new String[] {zulu});
        assertThat(page.locator("#connections")).containsText(alpha);
        field(page, "Filter").fill(alpha.toLowerCase());
        button(page, "Apply").click();
        assertThat(page.locator("#connections tbody tr")).hasCount(1);
        for (Locator cell : page.locator("#connections tbody tr").first().locator("td").all()) {
            assertOnScreen(cell, width, "the " + cell.getAttribute("data-label") + " of a connection at " + width);
        }
        if (width == 1280) {
            page.navigate(url("/connections"));
            BrowserFixture.readmeScreenshot(page, "connections");
            page.navigate(url("/connections?q=" + DemoHttp.encode(alpha)));
        }
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(alpha)).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(alpha))).isVisible();
        assertThat(field(page, "Prompt")).isVisible();

        page.navigate(url("/connections?q=" + DemoHttp.encode(zulu)));
        field(page, "More actions for " + zulu).click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Delete")).click();
        browser.assertClean(page, "Delete connection? at " + width);
        button(page, "Delete").click();
        assertThat(page.getByText("Connection deleted")).isVisible();
        assertThat(page.locator("body")).not().containsText(zulu);
        NotionClient notion = demo.notion();
        Database connections = notion.retrieveDatabase(NotionIds.parse(notion.search("Connections", java.util.Optional.empty())
                .filter(r -> r.title().equals("Connections")).findFirst().orElseThrow().url()));
        List<String> rowsInNotion = notion.queryDataSource(connections.dataSources().getFirst().id(), Query.all())
                .map(io.wizzygen.notion.Page::title).toList();
        assertThat(rowsInNotion).contains(alpha).doesNotContain(zulu);
        browser.assertClean(page, "Connections after a delete at " + width);
        page.context().close();
    }

    @Order(5)
    @Test
    void everyTabIsUsableAt1280And390PixelsWithoutHorizontalScrollingOrAccessibilityViolations() {
        Page first = browser.page(1280);
        createConnection(first, "Usage for the Upgrade tab", "Notion Page");
        field(first, "Prompt").fill("Write one line");
        button(first, "Generate").click();
        assertThat(first.locator("#page-run .run-status")).containsText("Done:", RUN); // so that Upgrade shows its usage tables
        first.context().close();
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
                if (tab.equals("Upgrade")) {
                    // the usage tables are there to be checked
                    assertThat(page.locator("#usage-heading ~ .table-wrap table")).hasCount(2);
                }
                browser.assertClean(page, tab + " at " + width);
                BrowserFixture.screenshot(page, tab.toLowerCase() + "-" + width);
            }
            page.keyboard().press("Tab");
            assertThat(page.locator(":focus")).isVisible();
            page.context().close();
        }
    }

    @Order(6)
    @Test
    void theAppAndTheSandboxViewerHaveAnIconSoNoPageAsksForAMissingOne() {
        Page page = browser.page(1280);
        page.navigate(url("/"));
        String linked = (String) page.evaluate("() => document.querySelector('link[rel=icon]').href");
        assertThat(page.request().get(linked).status()).isEqualTo(200);
        page.navigate(demo.sandbox().baseUrl() + "/");
        assertThat(page.locator("link[rel=icon]")).hasAttribute("href", Pattern.compile("^data:image/svg\\+xml,"));
        assertThat(browser.consoleErrors(page)).isEmpty();
        page.context().close();
    }

    @Order(7)
    @Test
    void theChecksThemselvesCatchAnAccessibilityViolationAndAConsoleError() {
        Page page = browser.page(390);
        page.navigate(url("/feedback"));
        page.evaluate("() => { document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/assets/favicon.svg\">'); "
                + "console.error('a planted error'); }");
        assertThat(BrowserFixture.axeViolations(page)).anyMatch(violation -> violation.startsWith("image-alt"));
        assertThat(browser.consoleErrors(page)).anyMatch(error -> error.startsWith("a planted error"));
        page.context().close();
    }

    @Order(8)
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
