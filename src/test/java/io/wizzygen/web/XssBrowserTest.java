package io.wizzygen.web;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import io.wizzygen.cli.Demo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.wizzygen.web.BrowserFixture.button;
import static io.wizzygen.web.BrowserFixture.field;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * AI output and Notion titles are untrusted: markup in them must arrive as text — in the app's pages, in what
 * its script adds live, and in the sandbox viewer — never as elements, handlers or javascript: links.
 */
class XssBrowserTest {

    private static final String SCRIPT = "<script>document.body.dataset.owned=1</script>";
    private static final String IMAGE = "<img src=x onerror=\"document.body.dataset.owned=1\">";
    private static final String LINK = "[click me](javascript:document.body.dataset.owned=1)";
    /** Elements that only markup injected from untrusted text would create. */
    private static final String INJECTED = "() => document.querySelectorAll('img[src=\"x\"], script:not([src]), a[href^=\"javascript:\" i]').length";

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

    private static void create(Page page, String name, String type) {
        page.navigate(demo.app().url() + "/create");
        field(page, "Name").fill(name);
        field(page, "Type").selectOption(type);
        page.getByLabel("Create the sample for me").check();
        field(page, "Create the sample in").selectOption(new SelectOption().setLabel("Wizzygen Sandbox / Sample page"));
        button(page, "Next").click();
        page.waitForURL(Pattern.compile(".*/connections/[0-9a-f-]{36}$"));
    }

    private static void assertInert(Page page, String where) {
        assertThat(((Number) page.evaluate(INJECTED)).intValue()).as(where + ": injected elements " + page.evaluate(
                "() => [...document.querySelectorAll('img[src=\"x\"], script:not([src]), a[href^=\"javascript:\" i]')].map(e => e.outerHTML).join(' | ')"))
                .isZero();
        assertThat(page.evaluate("() => document.body.dataset.owned === undefined")).as(where + ": a handler ran").isEqualTo(true);
    }

    @Test
    void markupInAiOutputAndNotionTitlesIsShownAsTextEverywhere() {
        Page page = browser.page(1280);
        create(page, "Page " + IMAGE, "Notion Page");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).containsText("<img src=x");
        field(page, "Prompt").fill("Say " + SCRIPT + " and " + IMAGE + " and " + LINK);
        button(page, "Generate").click();
        assertThat(page.locator("#page-run .run-status")).containsText("Done:", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(page.locator("#page-run .stream")).containsText("## Say <script>document");
        assertInert(page, "the page run, live");
        page.reload();
        assertInert(page, "the page connection, reloaded");
        String notionPage = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open the page").setExact(true)).getAttribute("href");
        page.navigate(notionPage);
        assertThat(page.locator("body")).containsText("Say <script>document");
        assertInert(page, "the sandbox viewer's page");

        create(page, "Rows", "Notion Database");
        field(page, "New row").fill(SCRIPT + IMAGE);
        button(page, "Add row").click();
        assertThat(page.locator("#grid tbody tr")).hasCount(4);
        field(page, "Prompt").fill("Echo {{Topic}} " + LINK);
        field(page, "Output property").selectOption("Content");
        button(page, "Generate").click();
        assertThat(page.locator("#db-run .run-status")).containsText("Done:", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(page.locator("#db-run .row-events")).containsText("<script>document.body");
        assertInert(page, "the database run, live");
        page.reload();
        assertThat(page.locator("#grid")).containsText("javascript:document.body");
        assertInert(page, "the database grid, reloaded");
        page.navigate(demo.app().url() + "/connections");
        assertThat(page.locator("#connections")).containsText("Page <img src=x");
        assertInert(page, "the connections list");
        page.navigate(demo.app().url() + "/");
        assertInert(page, "home");
        page.context().close();
    }
}
