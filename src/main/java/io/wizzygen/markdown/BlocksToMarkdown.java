package io.wizzygen.markdown;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.function.Function;

/**
 * Notion blocks (response or request form) back to Markdown, to read a page's content as context for a
 * prompt. Children come from the block itself or, for blocks read from Notion, from {@code childrenOf}.
 */
public final class BlocksToMarkdown {

    private BlocksToMarkdown() {
    }

    public static String convert(List<? extends JsonNode> blocks, Function<JsonNode, List<? extends JsonNode>> childrenOf) {
        StringBuilder markdown = new StringBuilder();
        write(blocks, childrenOf, "", markdown);
        return markdown.toString().strip();
    }

    private static void write(List<? extends JsonNode> blocks, Function<JsonNode, List<? extends JsonNode>> childrenOf, String indent,
                              StringBuilder out) {
        int number = 1;
        for (JsonNode block : blocks) {
            String type = block.path("type").asText();
            String text = richText(block.path(type).path("rich_text"));
            String line = switch (type) {
                case "heading_1" -> "# " + text;
                case "heading_2" -> "## " + text;
                case "heading_3", "heading_4" -> "### " + text;
                case "bulleted_list_item" -> "- " + text;
                case "numbered_list_item" -> (number++) + ". " + text;
                case "to_do" -> "- [" + (block.path("to_do").path("checked").asBoolean() ? "x" : " ") + "] " + text;
                case "quote" -> "> " + text;
                case "code" -> "```" + block.path("code").path("language").asText("") + "\n" + text + "\n```";
                case "divider" -> "---";
                case "child_page" -> "[" + block.path("child_page").path("title").asText() + "]";
                case "table_row" -> {
                    StringBuilder row = new StringBuilder("|");
                    block.path("table_row").path("cells").forEach(cell -> row.append(' ').append(richText(cell)).append(" |"));
                    yield row.toString();
                }
                default -> text;
            };
            if (!type.equals("numbered_list_item")) {
                number = 1;
            }
            if (!line.isEmpty() || type.equals("paragraph")) {
                out.append(indent).append(line.replace("\n", "\n" + indent)).append(type.endsWith("list_item") || type.equals("to_do")
                        || type.equals("table_row") ? "\n" : "\n\n");
            }
            List<? extends JsonNode> children = childrenOf.apply(block);
            if (!children.isEmpty()) {
                write(children, childrenOf, type.equals("table") ? indent : indent + "  ", out);
                if (type.equals("table")) {
                    out.append('\n');
                }
            }
        }
    }

    /** Rich text back to inline Markdown: bold, italic, strikethrough, code and links. */
    static String richText(JsonNode items) {
        StringBuilder text = new StringBuilder();
        for (JsonNode item : items) {
            String content = item.has("plain_text") ? item.get("plain_text").asText() : item.path("text").path("content").asText();
            JsonNode a = item.path("annotations");
            if (a.path("code").asBoolean()) {
                content = "`" + content + "`";
            }
            if (a.path("bold").asBoolean()) {
                content = "**" + content + "**";
            }
            if (a.path("italic").asBoolean()) {
                content = "*" + content + "*";
            }
            if (a.path("strikethrough").asBoolean()) {
                content = "~~" + content + "~~";
            }
            String url = item.path("text").path("link").path("url").asText(null);
            if (url != null) {
                content = "[" + content + "](" + url + ")";
            }
            text.append(content);
        }
        return text.toString();
    }

    /** Children nested in request-form blocks (as the converter makes them). */
    public static List<? extends JsonNode> nestedChildren(JsonNode block) {
        JsonNode children = block.path(block.path("type").asText()).path("children");
        List<JsonNode> list = new java.util.ArrayList<>();
        children.forEach(list::add);
        return list;
    }
}
