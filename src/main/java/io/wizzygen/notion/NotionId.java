package io.wizzygen.notion;

import java.util.Locale;
import java.util.regex.Pattern;

/** A Notion object id, always held in Notion's dashed lowercase form. */
public record NotionId(String value) {

    private static final Pattern DASHED =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public NotionId {
        if (value == null || !DASHED.matcher(value).matches()) {
            throw new IllegalArgumentException("Not a dashed Notion id: " + value);
        }
    }

    /** Builds an id from 32 hex digits, with or without dashes, in any case. */
    public static NotionId ofHex(String hex) {
        String compact = hex.replace("-", "").toLowerCase(Locale.ROOT);
        if (compact.length() != 32) {
            throw new IllegalArgumentException("A Notion id has 32 hex digits: " + hex);
        }
        return new NotionId(compact.substring(0, 8) + "-" + compact.substring(8, 12) + "-"
                + compact.substring(12, 16) + "-" + compact.substring(16, 20) + "-" + compact.substring(20));
    }

    /** The 32-hex form used in Notion URLs. */
    public String compact() {
        return value.replace("-", "");
    }

    @Override
    public String toString() {
        return value;
    }
}
