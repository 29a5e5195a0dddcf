package io.wizzygen.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Playwright and one headless Debian Chromium per test class; skipped off CI when Chromium is missing, a failure on CI.
 * Every tab it opens records its console errors, and {@link #assertClean} checks a tab with axe-core as well.
 */
final class BrowserFixture implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Where the README's screenshots go as well, when set (e.g. -Dwizzygen.readme.screenshots=docs/screenshots). */
    static final String README_SCREENSHOTS = "wizzygen.readme.screenshots";
    /** axe-core's own script (the npm package's axe.min.js, as Deque ships it for Java). */
    private static final String AXE = resource("/axe.min.js");

    private final Playwright playwright;
    final Browser browser;
    private final Map<Page, List<String>> consoleErrors = new ConcurrentHashMap<>();

    private BrowserFixture(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static BrowserFixture start() {
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (./wizzygen test installs it)");
        }
        Playwright playwright = Playwright.create();
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run")));
        return new BrowserFixture(playwright, browser);
    }

    /** A new tab this wide, recording what its console reports as an error (failed requests included) and uncaught exceptions. */
    Page page(int width) {
        Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, width > 800 ? 900 : 844)).newPage();
        List<String> errors = new CopyOnWriteArrayList<>();
        page.onConsoleMessage(message -> {
            if (message.type().equals("error")) {
                errors.add(message.text() + " (" + message.location() + ", on " + page.url() + ")");
            }
        });
        page.onPageError(error -> errors.add("uncaught: " + error + " (on " + page.url() + ")"));
        consoleErrors.put(page, errors);
        return page;
    }

    /** What the tab's console reported as errors so far. */
    List<String> consoleErrors(Page page) {
        return List.copyOf(consoleErrors.getOrDefault(page, List.of()));
    }

    /** Zero axe-core violations on the tab as it is now, and zero console errors since it was opened. */
    void assertClean(Page page, String where) {
        assertThat(axeViolations(page)).as("axe-core violations on " + where).isEmpty();
        assertThat(consoleErrors(page)).as("console errors by " + where).isEmpty();
    }

    /** axe-core's violations (every rule it runs by default), one line each: rule, impact, what to fix, where. */
    @SuppressWarnings("unchecked")
    static List<String> axeViolations(Page page) {
        if (!Boolean.TRUE.equals(page.evaluate("() => typeof window.axe === 'object'"))) {
            page.evaluate("() => { " + AXE + "\n}"); // evaluated by the browser's devtools protocol: the page's CSP does not apply
        }
        return (List<String>) page.evaluate("async () => (await axe.run(document, { resultTypes: ['violations'] })).violations"
                + ".map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))");
    }

    /** A picture for the README: the tab's visible part, in target/screenshots/readme and where the system property says. */
    static void readmeScreenshot(Page page, String name) {
        List<Path> folders = new java.util.ArrayList<>(List.of(SCREENSHOTS.resolve("readme")));
        String docs = System.getProperty(README_SCREENSHOTS, "");
        if (!docs.isBlank()) {
            folders.add(Path.of(docs));
        }
        for (Path folder : folders) {
            page.screenshot(new Page.ScreenshotOptions().setPath(folder.resolve(name + ".png")));
        }
    }

    private static String resource(String name) {
        try (InputStream in = BrowserFixture.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test classpath (the axe-core test dependency in pom.xml).");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The control with exactly this label, as a person finds it. */
    static com.microsoft.playwright.Locator field(Page page, String label) {
        return page.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
    }

    /** The button with exactly this name. */
    static com.microsoft.playwright.Locator button(Page page, String name) {
        return page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
