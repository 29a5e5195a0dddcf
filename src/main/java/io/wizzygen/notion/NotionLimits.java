package io.wizzygen.notion;

import java.util.ArrayList;
import java.util.List;

/** Notion's request limits, and the splitting that keeps every request inside them. */
public final class NotionLimits {

    /** Characters (UTF-16 code units) per rich text item. */
    public static final int TEXT_LENGTH = 2000;
    /** Elements per array (blocks, rich text items, multi-select options). */
    public static final int ARRAY_LENGTH = 100;
    /** Levels of block children in one append request. */
    public static final int NESTING_PER_REQUEST = 2;
    /** Rows per query page. */
    public static final int PAGE_SIZE = 100;

    private NotionLimits() {
    }

    /**
     * Splits text into pieces of at most {@link #TEXT_LENGTH} UTF-16 units, never between the two halves
     * of a surrogate pair (an emoji straddling the boundary moves whole into the next piece).
     */
    public static List<String> splitText(String text) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (text.length() - start > TEXT_LENGTH) {
            int end = start + TEXT_LENGTH;
            if (Character.isHighSurrogate(text.charAt(end - 1)) && Character.isLowSurrogate(text.charAt(end))) {
                end--;
            }
            pieces.add(text.substring(start, end));
            start = end;
        }
        pieces.add(text.substring(start));
        return pieces;
    }

    /** Splits a list into consecutive chunks of at most {@code size} elements. */
    public static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            chunks.add(List.copyOf(items.subList(i, Math.min(items.size(), i + size))));
        }
        return chunks;
    }
}
