package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A read-only HTML view of the workspace, so a person can see what the app wrote: pages with their blocks,
 * databases as tables of their rows. Every text is escaped: page content is untrusted.
 */
final class Viewer {

    /** The viewer's icon, inline, so that no page of it makes the browser ask for a /favicon.ico the sandbox does not have. */
    private static final String ICON = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E"
            + "%3Crect width='32' height='32' rx='7' fill='%2337352f'/%3E%3Cpath d='M9 8h4l6 10V8h4v16h-4l-6-10v10H9z' fill='%23fff'/%3E%3C/svg%3E";

    private static final Pattern TRAILING_ID = Pattern.compile("([0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$");

    private final Workspace workspace;
    private final Presenter presenter;

    Viewer(Workspace workspace, Presenter presenter) {
        this.workspace = workspace;
        this.presenter = presenter;
    }

    /** The page for a viewer path ({@code Title-Slug-<32hex>} or an id); empty when nothing has that id. */
    Optional<String> render(String ref) {
        Matcher matcher = TRAILING_ID.matcher(ref == null ? "" : ref);
        String id = matcher.find() ? Json.normalizeId(matcher.group(1)) : null;
        if (id == null) {
            return Optional.empty();
        }
        if (workspace.page(id).isPresent()) {
            return Optional.of(page(workspace.page(id).get()));
        }
        if (workspace.database(id).isPresent()) {
            return Optional.of(database(workspace.database(id).get()));
        }
        return workspace.dataSource(id).map(ds -> database(workspace.database(ds.path("parent").path("database_id").asText()).orElseThrow()));
    }

    String home() {
        return page(workspace.page(workspace.rootId()).orElseThrow());
    }

    private String page(ObjectNode page) {
        String title = Presenter.titleOf(page);
        StringBuilder html = new StringBuilder();
        html.append(header(title.isEmpty() ? "Untitled" : title, page));
        JsonNode properties = page.path("properties");
        if (properties.size() > 1) {
            html.append("<table class=\"props\">");
            properties.properties().forEach(e -> {
                if (!e.getValue().path("type").asText().equals("title")) {
                    html.append("<tr><th>").append(escape(e.getKey())).append("</th><td>")
                            .append(value(e.getValue())).append("</td></tr>");
                }
            });
            html.append("</table>");
        }
        html.append("<article>");
        blocks(html, page.get("id").asText());
        html.append("</article>");
        return html.append(footer()).toString();
    }

    private String database(ObjectNode database) {
        String title = Json.plainText(database.path("title"));
        StringBuilder html = new StringBuilder(header(title, database));
        for (JsonNode dsId : database.path("data_source_ids")) {
            ObjectNode dataSource = workspace.dataSource(dsId.asText()).orElseThrow();
            html.append("<table class=\"rows\"><thead><tr>");
            List<String> names = new java.util.ArrayList<>();
            dataSource.path("properties").properties().forEach(e -> names.add(e.getKey()));
            names.forEach(name -> html.append("<th>").append(escape(name)).append("</th>"));
            html.append("</tr></thead><tbody>");
            for (String rowId : workspace.rowIds(dataSource.get("id").asText())) {
                ObjectNode row = workspace.page(rowId).orElseThrow();
                if (row.path("in_trash").asBoolean(false)) {
                    continue;
                }
                html.append("<tr>");
                for (String name : names) {
                    JsonNode value = row.path("properties").path(name);
                    String cell = value(value);
                    if (value.path("type").asText().equals("title")) {
                        cell = "<a href=\"/" + Json.compact(rowId) + "\">" + (cell.isEmpty() ? "Untitled" : cell) + "</a>";
                    }
                    html.append("<td>").append(cell).append("</td>");
                }
                html.append("</tr>");
            }
            html.append("</tbody></table>");
        }
        return html.append(footer()).toString();
    }

    private void blocks(StringBuilder html, String parentId) {
        String openList = null;
        for (ObjectNode block : workspace.liveChildren(parentId)) {
            String type = block.path("type").asText();
            String list = type.equals("bulleted_list_item") ? "ul" : type.equals("numbered_list_item") ? "ol" : null;
            if (!java.util.Objects.equals(list, openList)) {
                if (openList != null) {
                    html.append("</").append(openList).append(">");
                }
                if (list != null) {
                    html.append("<").append(list).append(">");
                }
                openList = list;
            }
            block(html, block, type);
        }
        if (openList != null) {
            html.append("</").append(openList).append(">");
        }
    }

    private void block(StringBuilder html, ObjectNode block, String type) {
        JsonNode content = block.path(type);
        String text = richText(content.path("rich_text"));
        String id = block.get("id").asText();
        switch (type) {
            case "paragraph" -> html.append("<p>").append(text).append("</p>");
            case "heading_1", "heading_2", "heading_3", "heading_4" ->
                    html.append("<h").append(type.charAt(8) - '0' + 1).append(">").append(text).append("</h").append(type.charAt(8) - '0' + 1).append(">");
            case "bulleted_list_item", "numbered_list_item" -> {
                html.append("<li>").append(text);
                blocks(html, id);
                html.append("</li>");
                return;
            }
            case "to_do" -> html.append("<p class=\"todo\"><input type=\"checkbox\" disabled")
                    .append(content.path("checked").asBoolean() ? " checked" : "").append("> ").append(text).append("</p>");
            case "quote" -> html.append("<blockquote>").append(text).append("</blockquote>");
            case "callout" -> html.append("<aside class=\"callout\">").append(escape(content.path("icon").path("emoji").asText(""))).append(' ').append(text).append("</aside>");
            case "code" -> html.append("<pre><code data-language=\"").append(escape(content.path("language").asText()))
                    .append("\">").append(escape(Json.plainText(content.path("rich_text")))).append("</code></pre>");
            case "divider" -> html.append("<hr>");
            case "toggle" -> {
                html.append("<details><summary>").append(text).append("</summary>");
                blocks(html, id);
                html.append("</details>");
                return;
            }
            case "equation" -> html.append("<p class=\"equation\">").append(escape(content.path("expression").asText())).append("</p>");
            case "table" -> {
                html.append("<table class=\"content\">");
                for (ObjectNode row : workspace.liveChildren(id)) {
                    html.append("<tr>");
                    row.path("table_row").path("cells").forEach(cell -> html.append("<td>").append(richText(cell)).append("</td>"));
                    html.append("</tr>");
                }
                html.append("</table>");
                return;
            }
            case "child_page" -> html.append("<p class=\"child\">📄 <a href=\"/").append(Json.compact(id)).append("\">")
                    .append(escape(workspace.page(id).map(Presenter::titleOf).orElse("Untitled"))).append("</a></p>");
            case "child_database" -> html.append("<p class=\"child\">🗂 <a href=\"/").append(Json.compact(id)).append("\">")
                    .append(escape(workspace.database(id).map(d -> Json.plainText(d.path("title"))).orElse("Untitled"))).append("</a></p>");
            case "bookmark", "embed", "video", "audio", "file", "pdf" -> {
                String url = content.path("url").asText(content.path("external").path("url").asText());
                html.append("<p><a href=\"").append(escape(safeUrl(url))).append("\">").append(escape(url)).append("</a></p>");
            }
            case "image" -> html.append("<figure><img src=\"").append(escape(safeUrl(content.path("external").path("url").asText())))
                    .append("\" alt=\"").append(escape(Json.plainText(content.path("caption")))).append("\"><figcaption>")
                    .append(richText(content.path("caption"))).append("</figcaption></figure>");
            default -> html.append("<p class=\"unsupported\">[").append(escape(type)).append("]</p>");
        }
        if (!workspace.liveChildren(id).isEmpty()) {
            html.append("<div class=\"children\">");
            blocks(html, id);
            html.append("</div>");
        }
    }

    private String value(JsonNode property) {
        String type = property.path("type").asText();
        JsonNode v = property.path(type);
        return switch (type) {
            case "title", "rich_text" -> richText(v);
            case "checkbox" -> v.asBoolean() ? "☑" : "☐";
            case "url" -> v.isTextual() ? "<a href=\"" + escape(safeUrl(v.asText())) + "\">" + escape(v.asText()) + "</a>" : "";
            default -> {
                Object comparable = Schema.comparable(property);
                yield comparable == null ? "" : escape(comparable.toString());
            }
        };
    }

    private static String richText(JsonNode items) {
        StringBuilder html = new StringBuilder();
        for (JsonNode item : items) {
            String text = escape(item.path("plain_text").asText());
            JsonNode a = item.path("annotations");
            if (a.path("code").asBoolean()) {
                text = "<code>" + text + "</code>";
            }
            if (a.path("bold").asBoolean()) {
                text = "<strong>" + text + "</strong>";
            }
            if (a.path("italic").asBoolean()) {
                text = "<em>" + text + "</em>";
            }
            if (a.path("strikethrough").asBoolean()) {
                text = "<s>" + text + "</s>";
            }
            if (a.path("underline").asBoolean()) {
                text = "<u>" + text + "</u>";
            }
            if (item.path("href").isTextual()) {
                text = "<a href=\"" + escape(safeUrl(item.get("href").asText())) + "\">" + text + "</a>";
            }
            html.append(text);
        }
        return html.toString();
    }

    private String header(String title, JsonNode object) {
        String parent = parentLink(object);
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + " · Notion sandbox</title><link rel=\"icon\" href=\"" + ICON + "\"><style>"
                + "body{font:16px/1.6 system-ui,sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem;color:#37352f}"
                + "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #e3e2e0;padding:.3rem .6rem;text-align:left;vertical-align:top}"
                + "pre{background:#f7f6f3;padding:1rem;overflow:auto}blockquote{border-left:3px solid #37352f;margin:0;padding-left:1rem}"
                + ".callout{background:#f1f1ef;padding:.8rem;border-radius:4px}.sandbox{color:#787774;font-size:.85rem}"
                + ".children{margin-left:1.5rem}</style></head><body><p class=\"sandbox\">Notion sandbox viewer (read-only)"
                + parent + "</p><h1>" + escape(title) + "</h1>";
    }

    private String parentLink(JsonNode object) {
        JsonNode parent = object.path("parent");
        String parentId = parent.path("page_id").asText(parent.path("database_id").asText(null));
        return parentId == null ? "" : " · <a href=\"/" + Json.compact(parentId) + "\">↑ parent</a>";
    }

    private static String footer() {
        return "</body></html>";
    }

    private static String safeUrl(String url) {
        String lower = url.strip().toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("mailto:") || lower.startsWith("/") ? url : "#";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
