package io.wizzygen.markdown;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.commonmark.node.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns Markdown arriving in pieces (a streamed AI answer) into blocks as soon as they are complete: every
 * top-level block but the last is final once the next one has begun, so it can be written to Notion while
 * the AI is still writing. {@link #finish()} gives the rest.
 */
public final class MarkdownStream {

    private static final java.util.regex.Pattern BLANK_LINE_BEFORE = java.util.regex.Pattern.compile("\\n[ \\t]*\\n[ \\t]*$");

    private final StringBuilder pending = new StringBuilder();

    /**
     * Adds text; answers the blocks that became complete. A block is complete when a blank line separates it
     * from a following block (without one, the next line could still join it: a table row, a lazy line), or
     * when its own syntax closed it (a heading, a fenced code block, a divider) and another block follows.
     */
    public List<ObjectNode> append(String text) {
        pending.append(text);
        Node document = MarkdownToBlocks.parse(pending.toString());
        List<ObjectNode> complete = new ArrayList<>();
        int consumed = 0;
        for (Node node = document.getFirstChild(); node != null && node.getNext() != null; node = node.getNext()) {
            Node next = node.getNext();
            if (next.getSourceSpans().isEmpty()) {
                break;
            }
            int nextStart = next.getSourceSpans().getFirst().getInputIndex();
            boolean closedByItsOwnSyntax = node instanceof org.commonmark.node.Heading
                    || node instanceof org.commonmark.node.FencedCodeBlock || node instanceof org.commonmark.node.ThematicBreak;
            if (!closedByItsOwnSyntax && !BLANK_LINE_BEFORE.matcher(pending.substring(0, nextStart)).find()) {
                break;
            }
            complete.addAll(MarkdownToBlocks.block(node));
            consumed = nextStart;
        }
        pending.delete(0, consumed);
        return complete;
    }

    /** The blocks of whatever is left. */
    public List<ObjectNode> finish() {
        List<ObjectNode> rest = MarkdownToBlocks.convert(pending.toString());
        pending.setLength(0);
        return rest;
    }
}
