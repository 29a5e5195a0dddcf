package io.wizzygen.connections;

import io.wizzygen.notion.DataSource;
import io.wizzygen.notion.NotionClient;
import io.wizzygen.notion.PropertyValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operator's Feedback database in Notion: each message sent from the Feedback tab also becomes a row. The
 * title column gets the message's start; Message (text), Email (text), Rating (number) and Sent (date) are
 * filled where the database has them with that type, so any database with a title column will do.
 */
public final class FeedbackDatabase {

    private static final int TITLE_LENGTH = 80;

    private final NotionClient notion;
    private final DataSource source;

    private FeedbackDatabase(NotionClient notion, DataSource source) {
        this.notion = notion;
        this.source = source;
    }

    /** Opens the database at {@code link}; a link that is not a database the integration can read is a clear error. */
    public static FeedbackDatabase open(NotionClient notion, String link) {
        return new FeedbackDatabase(notion, Sources.first(notion, link, "The feedback database"));
    }

    /** Adds one message as a row; returns the row's id. */
    public String add(String message, String email, Integer rating, Instant sent) {
        Map<String, PropertyValue> values = new LinkedHashMap<>();
        String start = message.strip().replaceAll("\\s+", " ");
        values.put(source.titleProperty(), new PropertyValue.Title(start.length() > TITLE_LENGTH ? start.substring(0, TITLE_LENGTH - 1) + "…" : start));
        put(values, "Message", "rich_text", new PropertyValue.Text(message));
        if (email != null) {
            put(values, "Email", "rich_text", new PropertyValue.Text(email));
        }
        if (rating != null) {
            put(values, "Rating", "number", new PropertyValue.NumberValue(BigDecimal.valueOf(rating)));
        }
        put(values, "Sent", "date", new PropertyValue.DateValue(sent.toString(), null));
        return notion.createPage(source.id(), values).id().value();
    }

    private void put(Map<String, PropertyValue> values, String name, String type, PropertyValue value) {
        if (source.property(name).filter(schema -> schema.type().equals(type)).isPresent()) {
            values.put(name, value);
        }
    }
}
