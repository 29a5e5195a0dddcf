package io.wizzygen.connections;

import io.wizzygen.notion.Database;
import io.wizzygen.notion.DataSource;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.NotionIds;

/** The one way this room opens a database link: its first data source, with the schema read. */
final class Sources {

    private Sources() {
    }

    /** {@code what} names the database in the error, e.g. "The Connections database". */
    static DataSource first(NotionClient notion, String link, String what) {
        Database database = notion.retrieveDatabase(NotionIds.parse(link));
        if (database.dataSources().isEmpty()) {
            throw new IllegalArgumentException(what + " \"" + database.title() + "\" has no data source the integration can read.");
        }
        return notion.retrieveDataSource(database.dataSources().getFirst().id());
    }
}
