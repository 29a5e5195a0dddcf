package io.wizzygen.connections;

import io.wizzygen.notion.Database;
import io.wizzygen.notion.DataSource;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.NotionIds;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.Query;
import io.wizzygen.notion.RateLimiter;
import io.wizzygen.notion.RetryPolicy;
import io.wizzygen.notion.SearchResult;
import io.wizzygen.store.SqlConnectionStore;
import io.wizzygen.store.Store;
import io.wizzygen.testing.SandboxFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Connections kept in step with the Connections database of the in-process sandbox, with the local copy in a
 * real SQLite file: saved rows appear in Notion, edits, deletions and additions made in Notion show on the next
 * list, and when Notion cannot be reached the local copy is listed with a notice. Also what Targets says about links.
 */
class ConnectionsTest {

    private static SandboxFixture sandbox;
    private static NotionClient notion;
    private static String connectionsLink;
    private static NotionId connectionsSource;
    private static String samplePage;
    private static String topics;

    @TempDir
    Path folder;
    private SqlConnectionStore store;
    private String account;
    private Connections connections;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxFixture.start();
        notion = sandbox.notion();
        SearchResult found = find("Connections");
        connectionsLink = found.url();
        connectionsSource = found.id();
        samplePage = find("Sample page").url();
        topics = find("Topics").url();
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @BeforeEach
    void openStore() {
        store = new SqlConnectionStore(Store.sqlite(folder));
        account = "account-" + UUID.randomUUID();
        connections = new Connections(store, account, () -> ConnectionsDatabase.open(notion, connectionsLink));
    }

    // ---------------------------------------------------------------- mirrored to Notion

    @Test
    void savingAConnectionAddsItsRowToTheConnectionsDatabase() {
        Connections.Saved saved = connections.save(Connection.create("Blog drafts " + UUID.randomUUID(), Connection.Type.PAGE, samplePage));
        assertThat(saved.notice()).isNull();
        String rowId = saved.connection().notionRowId();
        assertThat(rowId).isNotNull();

        Page row = notion.retrievePage(NotionId.ofHex(rowId));
        assertThat(row.title()).isEqualTo(saved.connection().name());
        assertThat(text(row, "Type")).isEqualTo("Notion Page");
        assertThat(text(row, "URL")).isEqualTo(samplePage);
        assertThat(text(row, "Status")).isEqualTo("New");
        assertThat(store.find(account, saved.connection().id())).hasValue(saved.connection());

        Connection run = saved.connection().withPrompt("Write about tea", Map.of("mode", "append")).withRun("Done", Instant.parse("2026-05-06T07:08:09Z"));
        Connections.Saved again = connections.save(run);
        assertThat(again.connection().notionRowId()).as("the same row is updated").isEqualTo(rowId);
        assertThat(rowsNamed(saved.connection().name())).hasSize(1);
        Page updated = notion.retrievePage(NotionId.ofHex(rowId));
        assertThat(text(updated, "Prompt")).isEqualTo("Write about tea");
        assertThat(text(updated, "Status")).isEqualTo("Done");
        assertThat(text(updated, "Last run")).startsWith("2026-05-06");
    }

    @Test
    void aRowEditedInNotionShowsAsEditedOnTheNextList() {
        Connection saved = connections.save(Connection.create("Before rename", Connection.Type.PAGE, samplePage)).connection();
        notion.updatePage(NotionId.ofHex(saved.notionRowId()), Map.of("Name", new PropertyValue.Title("Renamed in Notion"),
                "Prompt", new PropertyValue.Text("A prompt typed in Notion"), "Status", new PropertyValue.Select("Failed")));

        Connections.Listing listing = connections.list();
        assertThat(listing.notice()).isNull();
        Connection listed = only(listing, saved.id());
        assertThat(listed.name()).isEqualTo("Renamed in Notion");
        assertThat(listed.prompt()).isEqualTo("A prompt typed in Notion");
        assertThat(listed.status()).isEqualTo("Failed");
        assertThat(listed.goneFromNotion()).isFalse();
        assertThat(store.find(account, saved.id()).orElseThrow().name()).as("the local copy follows").isEqualTo("Renamed in Notion");
    }

    @Test
    void aRowTrashedInNotionShowsAsGoneAndCanStillBeDeletedHere() {
        Connection saved = connections.save(Connection.create("Trashed in Notion", Connection.Type.PAGE, samplePage)).connection();
        notion.trashPage(NotionId.ofHex(saved.notionRowId()));

        Connection listed = only(connections.list(), saved.id());
        assertThat(listed.goneFromNotion()).isTrue();
        assertThat(listed.name()).as("what was known is kept").isEqualTo("Trashed in Notion");
        assertThat(store.find(account, saved.id()).orElseThrow().goneFromNotion()).isTrue();

        connections.delete(saved.id());
        assertThat(store.find(account, saved.id())).isEmpty();
        assertThat(connections.list().connections()).extracting(Connection::id).doesNotContain(saved.id());
    }

    @Test
    void deletingAConnectionWhoseRowWasJustTrashedInNotionIsNoError() {
        Connection saved = connections.save(Connection.create("Trashed, then deleted here", Connection.Type.PAGE, samplePage)).connection();
        notion.trashPage(NotionId.ofHex(saved.notionRowId()));
        connections.delete(saved.id());
        assertThat(store.find(account, saved.id())).isEmpty();
    }

    @Test
    void aRowAddedInNotionIsImportedOnce() {
        String name = "Made in Notion " + UUID.randomUUID();
        Page row = notion.createPage(connectionsSource, Map.of("Name", new PropertyValue.Title(name),
                "Type", new PropertyValue.Select("Notion Database"), "URL", new PropertyValue.Url(topics),
                "Prompt", new PropertyValue.Text("Translate {{Topic}}"), "Last run", new PropertyValue.DateValue("2026-02-03T04:05:06Z", null)));

        List<Connection> listed = connections.list().connections();
        List<Connection> imported = listed.stream().filter(c -> c.name().equals(name)).toList();
        assertThat(imported).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(Connection.Type.DATABASE);
            assertThat(c.url()).isEqualTo(topics);
            assertThat(c.prompt()).isEqualTo("Translate {{Topic}}");
            assertThat(c.notionRowId()).isEqualTo(row.id().value());
            assertThat(c.lastRun()).isEqualTo(Instant.parse("2026-02-03T04:05:06Z"));
            assertThat(c.goneFromNotion()).isFalse();
        });
        assertThat(store.find(account, imported.getFirst().id())).as("kept locally").isPresent();
        assertThat(connections.list().connections()).filteredOn(c -> c.name().equals(name)).as("not imported twice")
                .extracting(Connection::id).containsExactly(imported.getFirst().id());
    }

    @Test
    void deleteTrashesTheRowInNotion() {
        Connection saved = connections.save(Connection.create("Deleted here", Connection.Type.PAGE, samplePage)).connection();
        connections.delete(saved.id());
        assertThat(store.find(account, saved.id())).isEmpty();
        assertThat(notion.retrievePage(NotionId.ofHex(saved.notionRowId())).inTrash()).isTrue();
        assertThat(connections.list().connections()).extracting(Connection::id).doesNotContain(saved.id());
        assertThatThrownBy(() -> connections.delete(saved.id())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("There is no such connection");
    }

    // ---------------------------------------------------------------- when Notion cannot be reached

    @Test
    void whenNotionCannotBeReachedTheLocalCopyIsListedWithANotice() {
        Connection first = connections.save(Connection.create("Saved while online", Connection.Type.PAGE, samplePage)).connection();
        NotionClient dead = quickToGiveUp("http://127.0.0.1:" + deadPort());
        Connections offline = new Connections(store, account, () -> ConnectionsDatabase.open(dead, connectionsLink));

        Connections.Saved second = offline.save(Connection.create("Saved while offline", Connection.Type.DATABASE, topics));
        assertThat(second.notice()).startsWith("Saved on this machine; the Connections database in Notion was not updated")
                .contains("Notion could not be reached");
        assertThat(second.connection().notionRowId()).isNull();

        Connections.Listing listing = offline.list();
        assertThat(listing.notice()).contains("Notion cannot be reached").contains("showing the connections saved on this machine");
        assertThat(listing.connections()).extracting(Connection::id).containsExactlyInAnyOrder(first.id(), second.connection().id());
        assertThat(listing.connections()).allSatisfy(c -> assertThat(c.goneFromNotion()).as("nothing is marked gone while offline").isFalse());

        Connections.Listing online = connections.list();
        assertThat(online.notice()).isNull();
        assertThat(online.connections()).extracting(Connection::id).contains(first.id(), second.connection().id());
    }

    @Test
    void whenTheSandboxIsStoppedTheLocalCopyIsListedWithANotice() {
        SandboxFixture ownSandbox = SandboxFixture.start();
        boolean running = true;
        try {
            NotionClient client = quickToGiveUp(ownSandbox.server().baseUrl());
            String link = client.search("Connections", Optional.empty()).filter(r -> r.title().equals("Connections")).findFirst().orElseThrow().url();
            Connections mirrored = new Connections(store, account, () -> ConnectionsDatabase.open(client, link));
            Connection saved = mirrored.save(Connection.create("Before the stop", Connection.Type.PAGE, samplePage)).connection();
            assertThat(saved.notionRowId()).isNotNull();
            ownSandbox.close();
            running = false;

            Connections.Listing listing = mirrored.list();
            assertThat(listing.notice()).contains("Notion cannot be reached");
            assertThat(listing.connections()).containsExactly(saved);
        } finally {
            if (running) {
                ownSandbox.close();
            }
        }
    }

    @Test
    void aConnectionSavedWhileOfflineGetsItsRowOnceNotionAnswersAgain() {
        Connections offline = new Connections(store, account, () -> ConnectionsDatabase.open(quickToGiveUp("http://127.0.0.1:" + deadPort()),
                connectionsLink));
        String name = "Made offline " + UUID.randomUUID();
        Connection saved = offline.save(Connection.create(name, Connection.Type.PAGE, samplePage)).connection();

        Connection listed = only(connections.list(), saved.id());
        assertThat(listed.notionRowId()).as("the row is created once Notion answers").isNotNull();
        assertThat(rowsNamed(name)).hasSize(1);
    }

    @Test
    void aChangeSavedWhileOfflineIsNotOverwrittenByNotionsOlderValues() {
        Connection saved = connections.save(Connection.create("Changed offline", Connection.Type.PAGE, samplePage)).connection();
        Connections offline = new Connections(store, account, () -> ConnectionsDatabase.open(quickToGiveUp("http://127.0.0.1:" + deadPort()),
                connectionsLink));
        Connections.Saved changed = offline.save(saved.withPrompt("Typed while offline", Map.of()).withRun("Done", Instant.parse("2026-04-05T06:07:08Z")));
        assertThat(changed.notice()).isNotNull();

        Connection listed = only(connections.list(), saved.id());
        assertThat(listed.prompt()).isEqualTo("Typed while offline");
        assertThat(listed.status()).isEqualTo("Done");
        assertThat(text(notion.retrievePage(NotionId.ofHex(saved.notionRowId())), "Prompt")).as("and Notion catches up").isEqualTo("Typed while offline");
    }

    @Test
    void withoutAConnectionsDatabaseTheListSaysHowToSetItUp() {
        Connections notSetUp = new Connections(store, account, () -> {
            throw new IllegalStateException("No Connections database is set: add its link in Settings.");
        });
        Connections.Saved saved = notSetUp.save(Connection.create("Local only", Connection.Type.PAGE, samplePage));
        assertThat(saved.notice()).isEqualTo("Saved on this machine only: No Connections database is set: add its link in Settings.");
        Connections.Listing listing = notSetUp.list();
        assertThat(listing.notice()).isEqualTo("No Connections database is set: add its link in Settings.");
        assertThat(listing.connections()).containsExactly(saved.connection());
    }

    @Test
    void aConnectionsDatabaseWithFewerColumnsStillWorks() {
        Database minimal = notion.createDatabase(sandbox.samplePage(), "Minimal connections", List.of(PropertySchema.of("Title", "title"),
                PropertySchema.of("URL", "url")));
        Connections onMinimal = new Connections(store, account, () -> ConnectionsDatabase.open(notion, minimal.url()));
        Connections.Saved saved = onMinimal.save(Connection.create("Few columns", Connection.Type.PAGE, samplePage));
        assertThat(saved.notice()).isNull();
        Page row = notion.retrievePage(NotionId.ofHex(saved.connection().notionRowId()));
        assertThat(row.title()).isEqualTo("Few columns");
        assertThat(text(row, "URL")).isEqualTo(samplePage);
        assertThat(onMinimal.list().connections()).extracting(Connection::name).containsExactly("Few columns");
    }

    // ---------------------------------------------------------------- Targets

    @Test
    void targetsAcceptsAPageAsAPageAndADatabaseAsADatabase() {
        Targets targets = new Targets(notion);
        Targets.Target page = targets.check(samplePage, Connection.Type.PAGE);
        assertThat(page.title()).isEqualTo("Sample page");
        assertThat(NotionIds.parse(page.url())).isEqualTo(NotionIds.parse(samplePage));
        Targets.Target database = targets.check(topics, Connection.Type.DATABASE);
        assertThat(database.title()).isEqualTo("Topics");
        assertThat(database.type()).isEqualTo(Connection.Type.DATABASE);
    }

    @Test
    void targetsSaysWhenALinkIsTheOtherKind() {
        Targets targets = new Targets(notion);
        assertThatThrownBy(() -> targets.check(topics, Connection.Type.PAGE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("This link is a Notion Database (\"Topics\"): choose \"Notion Database\" as the type, or paste the link of a page.");
        assertThatThrownBy(() -> targets.check(samplePage, Connection.Type.DATABASE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("This link is a Notion Page (\"Sample page\"): choose \"Notion Page\" as the type, or paste the link of a database.");
    }

    @Test
    void targetsSaysWhenALinkIsNotNotionOrNotShared() {
        Targets targets = new Targets(notion);
        assertThatThrownBy(() -> targets.check("https://example.com/page", Connection.Type.PAGE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a Notion page or database link").hasMessageContaining(NotionIds.EXAMPLE);
        String notShared = "https://www.notion.so/Secret-" + UUID.randomUUID().toString().replace("-", "");
        for (Connection.Type type : Connection.Type.values()) {
            assertThatThrownBy(() -> targets.check(notShared, type)).as(type.label()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Notion could not find that page or database. Share the page with your integration");
        }
    }

    @Test
    void targetsListsSharedPagesAndCreatesTheSamples() {
        Targets targets = new Targets(notion);
        List<SearchResult> pages = targets.sharedPages();
        assertThat(pages).extracting(SearchResult::title).contains("Sample page", "Wizzygen Sandbox").doesNotContain("Learning is fun");
        assertThat(pages).allSatisfy(p -> assertThat(p.isStandalonePage()).isTrue());

        String parent = find("Wizzygen Sandbox").url();
        String page = targets.createSamplePage(parent);
        String title = targets.check(page, Connection.Type.PAGE).title();
        assertThat(title).startsWith(Targets.SAMPLE_PAGE);
        String second = targets.createSamplePage(parent);
        assertThat(targets.check(second, Connection.Type.PAGE).title()).as("a second sample does not take the first one's name")
                .startsWith(Targets.SAMPLE_PAGE).isNotEqualTo(title);
        assertThat(notion.retrievePage(NotionIds.parse(second)).parent().path("page_id").asText().replace("-", ""))
                .as("created where the user chose").isEqualTo(NotionIds.parse(parent).compact());
        assertThat(targets.places()).extracting(Targets.Place::path).contains("Wizzygen Sandbox", "Wizzygen Sandbox / Sample page",
                "Wizzygen Sandbox / " + title).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
        String database = targets.createSampleDatabase(parent);
        Database created = notion.retrieveDatabase(NotionIds.parse(database));
        DataSource source = notion.retrieveDataSource(created.dataSources().getFirst().id());
        assertThat(notion.queryDataSource(source.id(), Query.all()).toList()).extracting(Page::title)
                .containsExactlyInAnyOrder("Learning is fun", "Notion is best tool", "Social media is a boon");
        assertThat(targets.check(database, Connection.Type.DATABASE).title()).startsWith(Targets.SAMPLE_DATABASE);

        String connectionsDatabase = targets.createConnectionsDatabase(parent);
        Connections onNew = new Connections(store, account, () -> ConnectionsDatabase.open(notion, connectionsDatabase));
        assertThat(onNew.save(Connection.create("On a new Connections database", Connection.Type.PAGE, page)).notice()).isNull();
        assertThat(notion.retrieveDataSource(notion.retrieveDatabase(NotionIds.parse(connectionsDatabase)).dataSources().getFirst().id())
                .properties()).containsKeys("Name", "Type", "URL", "Prompt", "Status", "Last run");
    }

    // ---------------------------------------------------------------- helpers

    private static SearchResult find(String title) {
        return notion.search(title, Optional.empty()).filter(r -> r.title().equals(title)).findFirst().orElseThrow();
    }

    private static String text(Page page, String property) {
        return page.property(property).map(PropertyValue::asText).orElse("");
    }

    private static List<Page> rowsNamed(String name) {
        return notion.queryDataSource(connectionsSource, Query.all()).filter(p -> p.title().equals(name)).toList();
    }

    private static Connection only(Connections.Listing listing, String id) {
        return listing.connections().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("connection " + id + " is not listed"));
    }

    /** A client that tries once (the default retries a refused connection for seconds). */
    private static NotionClient quickToGiveUp(String baseUrl) {
        return NotionClient.builder().baseUrl(baseUrl).token(sandbox.server().token()).rateLimiter(new RateLimiter(0, 1, System::nanoTime))
                .retry(new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1))).timeout(Duration.ofSeconds(2)).build();
    }

    /** A port nothing listens on. */
    private static int deadPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
