package io.wizzygen.notion;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what people paste (page and database links, peek links, bare ids) into a {@link NotionId}.
 * Anything that is not recognisably Notion is refused with a message that shows a valid example,
 * because a wrong link pasted into a form is the most common set-up mistake.
 */
public final class NotionIds {

    public static final String EXAMPLE =
            "https://www.notion.so/your-workspace/My-Page-1f2e3d4c5b6a47988796a5b4c3d2e1f0";

    private static final Pattern DASHED_UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern HEX32 = Pattern.compile("^[0-9a-fA-F]{32}$");
    private static final Pattern TRAILING_HEX32 = Pattern.compile("(?:^|[-/])([0-9a-fA-F]{32})$");
    private static final Pattern QUERY_ID = Pattern.compile("(?:^|&)(?:p|page_id|database_id)=([0-9a-fA-F-]{32,36})(?:&|$)");

    private NotionIds() {
    }

    /**
     * Parses a Notion URL or id.
     *
     * @throws InvalidNotionLinkException with a message naming the problem and a valid example
     */
    public static NotionId parse(String pasted) {
        String text = pasted == null ? "" : pasted.strip();
        if (text.isEmpty()) {
            throw new InvalidNotionLinkException("The Notion link is empty. Paste the page or database link, for example " + EXAMPLE);
        }
        if (DASHED_UUID.matcher(text).matches() || HEX32.matcher(text).matches()) {
            return NotionId.ofHex(text);
        }
        return fromUrl(text).orElseThrow(() -> new InvalidNotionLinkException(
                "\"" + abbreviate(text) + "\" is not a Notion page or database link. Copy the link from Notion "
                        + "(••• → Copy link), for example " + EXAMPLE));
    }

    /** Like {@link #parse} but answers empty instead of throwing. */
    public static Optional<NotionId> tryParse(String pasted) {
        try {
            return Optional.of(parse(pasted));
        } catch (InvalidNotionLinkException e) {
            return Optional.empty();
        }
    }

    private static Optional<NotionId> fromUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.contains("://") ? text : "https://" + text);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!isNotionHost(host)) {
            return Optional.empty();
        }
        String query = uri.getRawQuery();
        if (query != null) {
            Matcher peek = QUERY_ID.matcher(query);
            if (peek.find()) {
                return Optional.of(NotionId.ofHex(peek.group(1)));
            }
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        Matcher tail = TRAILING_HEX32.matcher(path);
        if (tail.find()) {
            return Optional.of(NotionId.ofHex(tail.group(1)));
        }
        return Optional.empty();
    }

    private static boolean isNotionHost(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1")
                || host.equals("notion.so") || host.endsWith(".notion.so")
                || host.equals("notion.site") || host.endsWith(".notion.site")
                || host.equals("notion.com") || host.endsWith(".notion.com");
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** A pasted link or id that Notion would not recognise. */
    public static final class InvalidNotionLinkException extends IllegalArgumentException {
        public InvalidNotionLinkException(String message) {
            super(message);
        }
    }
}
