package io.wizzygen.notion;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Notion's cursor pagination as a lazy stream: the next page is fetched only when the stream reaches it. */
final class Pages {

    private Pages() {
    }

    /** Streams the {@code results} of every page; {@code fetch} takes a cursor (null for the first page). */
    static <T> Stream<T> stream(Function<String, JsonNode> fetch, Function<JsonNode, T> read) {
        Iterator<T> iterator = new Iterator<>() {
            private final Deque<JsonNode> buffered = new ArrayDeque<>();
            private String cursor;
            private boolean more = true;

            @Override
            public boolean hasNext() {
                while (buffered.isEmpty() && more) {
                    JsonNode page = fetch.apply(cursor);
                    page.path("results").forEach(buffered::add);
                    cursor = page.path("next_cursor").asText(null);
                    more = page.path("has_more").asBoolean(false) && cursor != null;
                }
                return !buffered.isEmpty();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return read.apply(buffered.removeFirst());
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
