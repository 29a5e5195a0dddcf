package io.wizzygen.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NotionLimitsTest {

    @Test
    void textIsSplitAtTwoThousandUnitsWithoutBreakingASurrogatePair() {
        String text = "a".repeat(1999) + "😀" + "b".repeat(2500);
        List<String> pieces = NotionLimits.splitText(text);
        assertThat(pieces).allSatisfy(piece -> assertThat(piece.length()).isLessThanOrEqualTo(2000));
        assertThat(pieces.get(0)).isEqualTo("a".repeat(1999));
        assertThat(pieces.get(1)).startsWith("😀");
        assertThat(String.join("", pieces)).isEqualTo(text);
        assertThat(NotionLimits.splitText("")).containsExactly("");
    }

    @Test
    void richTextOfLongTextIsSeveralItemsThatJoinBackToTheText() {
        String text = "x".repeat(5000);
        JsonNode rich = RichText.of(text);
        assertThat(rich).hasSize(3);
        assertThat(RichText.plainText(rich)).isEqualTo(text);
    }

    @Test
    void aBlockWithMoreThanAHundredTextItemsBecomesConsecutiveBlocksOfTheSameType() {
        ObjectNode block = NotionHttp.JSON.createObjectNode().put("type", "paragraph");
        block.putObject("paragraph").set("rich_text", RichText.of("y".repeat(2000 * 150)));
        ((ObjectNode) block.get("paragraph")).putArray("children").add(NotionClientSandboxTest.paragraph("child"));
        List<ObjectNode> blocks = BlockWriter.normalize(block);
        assertThat(blocks).hasSize(2);
        assertThat(blocks.get(0).at("/paragraph/rich_text")).hasSize(100);
        assertThat(blocks.get(0).at("/paragraph/children").isMissingNode()).isTrue();
        assertThat(blocks.get(1).at("/paragraph/children")).hasSize(1);
    }

    @Test
    void propertyValuesHaveNotionsWriteForm() {
        assertThat(new PropertyValue.Checkbox(true).toJson().toString()).isEqualTo("{\"checkbox\":true}");
        assertThat(new PropertyValue.Select("Done").toJson().toString()).isEqualTo("{\"select\":{\"name\":\"Done\"}}");
        assertThat(new PropertyValue.Select(null).toJson().toString()).isEqualTo("{\"select\":null}");
        assertThat(new PropertyValue.NumberValue(new BigDecimal("2.50")).toJson().toString()).isEqualTo("{\"number\":2.50}");
        assertThat(new PropertyValue.Text("x".repeat(2001)).toJson().get("rich_text")).hasSize(2);
        assertThat(new PropertyValue.MultiSelect(List.of("a", "b")).toJson().toString())
                .isEqualTo("{\"multi_select\":[{\"name\":\"a\"},{\"name\":\"b\"}]}");
    }
}
