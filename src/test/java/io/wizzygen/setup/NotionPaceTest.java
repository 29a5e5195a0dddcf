package io.wizzygen.setup;

import io.wizzygen.notion.RateBudget;
import io.wizzygen.store.Settings;
import io.wizzygen.store.Store;
import io.wizzygen.testing.SandboxFixture;
import io.wizzygen.testing.SharedSandbox;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Notion pace is configuration (flag > NOTION_RATE_LIMIT > 3), and clients of a store draw from its shared budget. */
@ExtendWith(SharedSandbox.class)
class NotionPaceTest {

    @Test
    void aRateThatIsNotOneIsRefusedNamingWhereItCameFrom() {
        assertThatThrownBy(() -> Clients.forOwner(Environment.of(Map.of("NOTION_RATE_LIMIT", "fast")), null).withNotionRate(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NOTION_RATE_LIMIT=fast").hasMessageContaining("0 for no limit");
        assertThatThrownBy(() -> Clients.forOwner(Environment.of(Map.of()), null).withNotionRate(-1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--notion-rate -1.0");
    }

    @Test
    void theFlagWinsOverTheEnvironment() {
        assertThat(Clients.forOwner(Environment.of(Map.of("NOTION_RATE_LIMIT", "fast")), null).withNotionRate(0.0)).isNotNull();
    }

    @Test
    void clientsOfAStoreReserveTheirRequestsInItsSharedBudget(@TempDir Path folder, SandboxFixture sandbox) {
        Store store = Store.sqlite(folder);
        Clients clients = Clients.forOwner(Environment.of(Map.of("NOTION_TOKEN", sandbox.server().token())), sandbox.server().baseUrl()).sharingBudgetsIn(store);
        clients.notion(Settings.EMPTY).me();
        List<String> budgets = store.jdbi().withHandle(h -> h.createQuery("SELECT token_fingerprint FROM notion_budgets").mapTo(String.class).list());
        assertThat(budgets).containsExactly(RateBudget.fingerprint(sandbox.server().token()));
    }
}
