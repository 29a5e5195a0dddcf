package io.wizzygen.notion;

import java.util.List;

/** What an append did: the top-level blocks it created, in order, and the append requests it took to create the whole tree. */
public record Appended(List<Block> blocks, int requests) {
}
