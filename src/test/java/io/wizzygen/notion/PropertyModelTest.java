package io.wizzygen.notion;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the structured outputs need of the property model: descriptions, and email and phone values. */
class PropertyModelTest {

    private static final String RECORDING = "recorded/ultimate-notion/test_session__test_search_get_db.json";

    @Test
    void aDataSourceKeepsEachPropertysDescriptionAndNoneWhereNotionHasNull() throws Exception {
        Path file = Stream.concat(Stream.ofNullable(System.getProperty("wizzygen.notion.specs")).map(Path::of),
                        Stream.of(Path.of("../shared/notion"), Path.of("/work/shared/notion")))
                .map(folder -> folder.resolve(RECORDING)).filter(Files::isRegularFile).findFirst().orElseThrow();
        JsonNode search = NotionHttp.JSON.readTree(file.toFile()).at("/interactions/0/response/body/results");
        JsonNode team = Stream.iterate(0, i -> i < search.size(), i -> i + 1).map(search::get)
                .filter(result -> result.path("properties").has("Role")).findFirst().orElseThrow();
        DataSource source = DataSource.fromJson(team);
        assertThat(source.property("Title").orElseThrow().description()).isEqualTo("Title within the company");
        assertThat(source.property("Email").orElseThrow().description()).isNull();
        assertThat(source.property("Email").orElseThrow().type()).isEqualTo("email");
    }

    @Test
    void emailAndPhoneValuesAreWrittenAsTextOrClearedWithNullAndReadBack() {
        assertThat(new PropertyValue.Email("ana@example.com").toJson()).hasToString("{\"email\":\"ana@example.com\"}");
        assertThat(new PropertyValue.PhoneNumber(null).toJson()).hasToString("{\"phone_number\":null}");
        JsonNode read = NotionHttp.JSON.createObjectNode().put("type", "phone_number").put("phone_number", "+34 600");
        assertThat(PropertyValue.fromJson(read)).isEqualTo(new PropertyValue.PhoneNumber("+34 600"));
    }
}
