package io.wizzygen.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizzygen.notion.Database;
import io.wizzygen.notion.NotionId;
import io.wizzygen.notion.Page;
import io.wizzygen.notion.PropertySchema;
import io.wizzygen.notion.PropertyValue;
import io.wizzygen.notion.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.wizzygen.web.DemoHttp.encode;
import static io.wizzygen.web.DemoHttp.runIdOf;
import static io.wizzygen.web.DemoHttp.text;
import static io.wizzygen.web.DemoHttp.unescape;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database connection whose output picker holds several properties, over plain HTTP against the demo: the form
 * posts each chosen output, "Test on first 3 rows" shows every output's value, Generate fills them all, and the
 * connection opens again with the same outputs chosen.
 */
class SeveralOutputsWebTest {

    /** Property names with a comma: the chosen outputs are kept one a line, so a comma splits nothing. */
    private static final String SUMMARY = "Summary, short";
    private static final String SENTIMENT = "Sentiment";

    private static DemoHttp web;
    private static Database reviews;
    private static String connection;

    @BeforeAll
    static void start() {
        web = DemoHttp.start();
        reviews = web.notion.createDatabase(NotionId.ofHex(web.demo.sandbox().rootPageId()), "Reviews", List.of(
                PropertySchema.of("Review", "title"), PropertySchema.of("Generate", "checkbox"), PropertySchema.of(SUMMARY, "rich_text"),
                PropertySchema.of(SENTIMENT, "select", "Positive", "Negative"), PropertySchema.of("AI Status", "select", "Done", "Failed"),
                PropertySchema.of("AI Error", "rich_text")));
        for (String review : List.of("A lovely trip", "A cold soup")) {
            web.notion.createPage(reviews.dataSources().getFirst().id(), Map.of("Review", new PropertyValue.Title(review),
                    "Generate", new PropertyValue.Checkbox(true)));
        }
        connection = web.createConnection("Reviews", "Notion Database", reviews.url());
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.close();
        }
    }

    @Test
    void aConnectionWithTwoOutputsPreviewsAndGeneratesBothAndRemembersThem() throws Exception {
        List<String[]> form = List.of(new String[] {"prompt", "Read {{Review}}"}, new String[] {"output", SUMMARY},
                new String[] {"output", SENTIMENT}, new String[] {"checkbox", "Generate"});

        HttpResponse<String> preview = post("/connections/" + connection + "/preview", form);
        assertThat(preview.statusCode()).as(text(preview.body())).isEqualTo(200);
        assertThat(text(preview.body())).contains(SUMMARY + " Demo: Summary, short for “A lovely trip” " + SENTIMENT + " Positive",
                SUMMARY + " Demo: Summary, short for “A cold soup” " + SENTIMENT + " Positive");

        String run = runIdOf(post("/connections/" + connection + "/generate", form));
        JsonNode finished = web.awaitRun(run);
        assertThat(finished.path("status").asText()).as(finished.toString()).isEqualTo("Done");
        assertThat(finished.path("written").asInt()).isEqualTo(2);
        List<Page> rows = web.notion.queryDataSource(reviews.dataSources().getFirst().id(), Query.all()).toList();
        assertThat(rows).hasSize(2).allSatisfy(row -> {
            assertThat(row.property(SUMMARY).map(PropertyValue::asText)).hasValue("Demo: Summary, short for “" + row.title() + "”");
            assertThat(row.property(SENTIMENT).map(PropertyValue::asText)).hasValue("Positive");
            assertThat(row.property("Generate").map(PropertyValue::asText)).hasValue("No");
        });

        assertThat(selectedOptions(web.get("/connections/" + connection).body(), "output")).containsExactly(SUMMARY, SENTIMENT);
    }

    /** A form POST from the app's own pages where a name may repeat, as a multiple select sends it. */
    private static HttpResponse<String> post(String path, List<String[]> fields) throws IOException, InterruptedException {
        String body = fields.stream().map(field -> encode(field[0]) + "=" + encode(field[1])).collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(web.origin() + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", web.origin())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }

    /** The values of the selected options of the select named {@code name}. */
    private static List<String> selectedOptions(String html, String name) {
        Matcher select = Pattern.compile("(?s)<select[^>]*\\bname=\"" + Pattern.quote(name) + "\"[^>]*>(.*?)</select>").matcher(html);
        assertThat(select.find()).as("a select named " + name).isTrue();
        Matcher option = Pattern.compile("<option value=\"([^\"]*)\" selected[ >]").matcher(select.group(1));
        List<String> selected = new ArrayList<>();
        while (option.find()) {
            selected.add(unescape(option.group(1)));
        }
        return selected;
    }
}
