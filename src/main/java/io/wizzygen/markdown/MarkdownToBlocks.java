package io.wizzygen.markdown;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.task.list.items.TaskListItemMarker;
import org.commonmark.ext.task.list.items.TaskListItemsExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Markdown (CommonMark + GFM tables, strikethrough, task lists, autolinks) to Notion blocks in the request
 * form of Notion's API, children nested inside their parent's type object. Nothing is dropped: a construct
 * Notion has no block for becomes plain text. Text length limits are the Notion client's job.
 */
public final class MarkdownToBlocks {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(TablesExtension.create(), StrikethroughExtension.create(), TaskListItemsExtension.create(),
                    AutolinkExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS)
            .build();

    private MarkdownToBlocks() {
    }

    /** The blocks of a Markdown text. */
    public static List<ObjectNode> convert(String markdown) {
        return blocks(parse(markdown));
    }

    static Node parse(String markdown) {
        return PARSER.parse(markdown == null ? "" : markdown);
    }

    static List<ObjectNode> blocks(Node parent) {
        List<ObjectNode> blocks = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNext()) {
            blocks.addAll(block(node));
        }
        return blocks;
    }

    /** One Markdown block as Notion blocks (a list becomes one block per item). */
    static List<ObjectNode> block(Node node) {
        return switch (node) {
            case Heading heading -> List.of(textBlock("heading_" + Math.min(3, heading.getLevel()), inline(heading)));
            case Paragraph paragraph -> List.of(textBlock("paragraph", inline(paragraph)));
            case BulletList list -> items(list, "bulleted_list_item");
            case OrderedList list -> items(list, "numbered_list_item");
            case BlockQuote quote -> List.of(container("quote", quote));
            case FencedCodeBlock code -> List.of(code(code.getLiteral(), CodeLanguages.notionLanguage(code.getInfo())));
            case IndentedCodeBlock code -> List.of(code(code.getLiteral(), CodeLanguages.PLAIN));
            case ThematicBreak ignored -> List.of(divider());
            case TableBlock table -> List.of(table(table));
            case HtmlBlock html -> List.of(textBlock("paragraph", plain(html.getLiteral().strip())));
            default -> blocks(node);
        };
    }

    private static List<ObjectNode> items(Node list, String type) {
        List<ObjectNode> items = new ArrayList<>();
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            if (item instanceof ListItem listItem) {
                items.add(listItem(listItem, type));
            }
        }
        return items;
    }

    private static ObjectNode listItem(ListItem item, String type) {
        Boolean checked = null;
        if (item.getFirstChild() instanceof TaskListItemMarker marker) {
            checked = marker.isChecked();
            marker.unlink();
        }
        ObjectNode block = container(checked == null ? type : "to_do", item);
        if (checked != null) {
            ((ObjectNode) block.get("to_do")).put("checked", checked);
        }
        return block;
    }

    /** A block whose text is its first paragraph and whose children are the rest (list items, quotes). */
    private static ObjectNode container(String type, Node node) {
        Node first = node.getFirstChild();
        ArrayNode text = first instanceof Paragraph paragraph ? inline(paragraph) : JSON.createArrayNode();
        ObjectNode block = textBlock(type, text);
        List<ObjectNode> children = new ArrayList<>();
        for (Node child = first instanceof Paragraph ? first.getNext() : first; child != null; child = child.getNext()) {
            children.addAll(block(child));
        }
        if (!children.isEmpty()) {
            ((ObjectNode) block.get(type)).putArray("children").addAll(children);
        }
        return block;
    }

    private static ObjectNode code(String literal, String language) {
        String text = literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
        ObjectNode block = textBlock("code", plain(text));
        ((ObjectNode) block.get("code")).put("language", language);
        return block;
    }

    private static ObjectNode divider() {
        ObjectNode block = JSON.createObjectNode().put("object", "block").put("type", "divider");
        block.putObject("divider");
        return block;
    }

    private static ObjectNode table(TableBlock table) {
        List<ArrayNode> rows = new ArrayList<>();
        int width = 0;
        boolean header = false;
        for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
            header |= section instanceof TableHead;
            if (!(section instanceof TableHead) && !(section instanceof TableBody)) {
                continue;
            }
            for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                if (row instanceof TableRow) {
                    ArrayNode cells = JSON.createArrayNode();
                    for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                        if (cell instanceof TableCell tableCell) {
                            cells.add(inline(tableCell));
                        }
                    }
                    width = Math.max(width, cells.size());
                    rows.add(cells);
                }
            }
        }
        ObjectNode block = JSON.createObjectNode().put("object", "block").put("type", "table");
        ObjectNode content = block.putObject("table").put("table_width", Math.max(1, width))
                .put("has_column_header", header).put("has_row_header", false);
        ArrayNode children = content.putArray("children");
        for (ArrayNode cells : rows) {
            while (cells.size() < width) {
                cells.add(JSON.createArrayNode());
            }
            ObjectNode row = children.addObject().put("object", "block").put("type", "table_row");
            row.putObject("table_row").set("cells", cells);
        }
        return block;
    }

    static ObjectNode textBlock(String type, ArrayNode richText) {
        ObjectNode block = JSON.createObjectNode().put("object", "block").put("type", type);
        block.putObject(type).set("rich_text", richText);
        return block;
    }

    static ArrayNode plain(String text) {
        ArrayNode array = JSON.createArrayNode();
        if (!text.isEmpty()) {
            array.addObject().put("type", "text").putObject("text").put("content", text);
        }
        return array;
    }

    // ---- inline content ---------------------------------------------------------------------------------

    private record Style(boolean bold, boolean italic, boolean strike, boolean code, String link) {
        Style with(Node node) {
            return switch (node) {
                case StrongEmphasis ignored -> new Style(true, italic, strike, code, link);
                case Emphasis ignored -> new Style(bold, true, strike, code, link);
                case Strikethrough ignored -> new Style(bold, italic, true, code, link);
                case Link l -> new Style(bold, italic, strike, code, safeUrl(l.getDestination()));
                default -> this;
            };
        }
    }

    static ArrayNode inline(Node parent) {
        List<Object[]> runs = new ArrayList<>();
        collect(parent, new Style(false, false, false, false, null), runs);
        ArrayNode richText = JSON.createArrayNode();
        Style previous = null;
        StringBuilder text = new StringBuilder();
        for (Object[] run : runs) {
            Style style = (Style) run[1];
            if (previous != null && !style.equals(previous)) {
                add(richText, text.toString(), previous);
                text.setLength(0);
            }
            text.append((String) run[0]);
            previous = style;
        }
        if (previous != null) {
            add(richText, text.toString(), previous);
        }
        return richText;
    }

    private static void collect(Node parent, Style style, List<Object[]> runs) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNext()) {
            switch (node) {
                case Text text -> runs.add(new Object[] {text.getLiteral(), style});
                case Code code -> runs.add(new Object[] {code.getLiteral(), new Style(style.bold, style.italic, style.strike, true, style.link)});
                case SoftLineBreak ignored -> runs.add(new Object[] {" ", style});
                case HardLineBreak ignored -> runs.add(new Object[] {"\n", style});
                case HtmlInline html -> runs.add(new Object[] {html.getLiteral(), style});
                case Image image -> {
                    int before = runs.size();
                    collect(image, style, runs);
                    if (runs.size() == before) {
                        runs.add(new Object[] {"image", style});
                    }
                    String url = safeUrl(image.getDestination());
                    if (url != null) {
                        runs.add(new Object[] {" (" + url + ")", style});
                    }
                }
                case TaskListItemMarker marker -> runs.add(new Object[] {marker.isChecked() ? "[x] " : "[ ] ", style});
                default -> collect(node, style.with(node), runs);
            }
        }
    }

    private static void add(ArrayNode richText, String content, Style style) {
        if (content.isEmpty()) {
            return;
        }
        ObjectNode item = richText.addObject().put("type", "text");
        ObjectNode text = item.putObject("text").put("content", content);
        if (style.link != null) {
            text.putObject("link").put("url", style.link);
        }
        if (style.bold || style.italic || style.strike || style.code) {
            item.putObject("annotations").put("bold", style.bold).put("italic", style.italic)
                    .put("strikethrough", style.strike).put("code", style.code);
        }
    }

    /** Notion accepts only absolute web and mail links (≤ 2000 characters); anything else stays plain text. */
    static String safeUrl(String destination) {
        if (destination == null) {
            return null;
        }
        String url = destination.strip();
        String lower = url.toLowerCase(Locale.ROOT);
        boolean allowed = lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("mailto:");
        return allowed && url.length() <= 2000 ? url : null;
    }

    /** The plain text of a block tree (request or response form), for comparisons and previews. */
    public static String plainText(JsonNode block) {
        String type = block.path("type").asText();
        StringBuilder text = new StringBuilder();
        for (JsonNode item : block.path(type).path("rich_text")) {
            text.append(item.has("plain_text") ? item.get("plain_text").asText() : item.path("text").path("content").asText());
        }
        return text.toString();
    }
}
