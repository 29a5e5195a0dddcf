package io.wizzygen.markdown;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownToBlocksTest {

    /** A compact view of a block tree: "type: text" lines, children indented, for block-by-block checks. */
    static List<String> outline(List<? extends JsonNode> blocks) {
        List<String> lines = new ArrayList<>();
        outline(blocks, "", lines);
        return lines;
    }

    private static void outline(List<? extends JsonNode> blocks, String indent, List<String> lines) {
        for (JsonNode block : blocks) {
            String type = block.path("type").asText();
            String extra = switch (type) {
                case "code" -> " [" + block.path("code").path("language").asText() + "]";
                case "to_do" -> block.path("to_do").path("checked").asBoolean() ? " [x]" : " [ ]";
                case "table_row" -> " " + cells(block);
                default -> "";
            };
            lines.add(indent + type + extra + ": " + MarkdownToBlocks.plainText(block));
            outline(BlocksToMarkdown.nestedChildren(block), indent + "  ", lines);
        }
    }

    private static String cells(JsonNode row) {
        List<String> cells = new ArrayList<>();
        row.path("table_row").path("cells").forEach(cell -> {
            StringBuilder text = new StringBuilder();
            cell.forEach(item -> text.append(item.path("text").path("content").asText()));
            cells.add(text.toString());
        });
        return String.join(" | ", cells);
    }

    private static final String ANSWER = """
            # Learning Spanish

            Learning a language is **fun** and *rewarding*. See [this guide](https://example.com/guide) or `notes.md`.

            ## Steps
            1. Pick a course
            2. Practice daily
               - Flashcards
                 - Spaced repetition
            3. Speak with people

            - [x] Buy a notebook
            - [ ] Book a tutor

            > Practice makes progress.
            > Second line.

            ```js
            const hola = "mundo";
            ```

            ---

            | Word | Meaning |
            |------|---------|
            | hola | hello |
            | adiós | bye |

            #### Deep heading
            Line one
            line two with ~~strike~~\\
            hard break

            <div>raw html</div>
            """;

    @Test
    void aTypicalAiAnswerBecomesTheRightBlocks() {
        assertThat(outline(MarkdownToBlocks.convert(ANSWER))).containsExactly(
                "heading_1: Learning Spanish",
                "paragraph: Learning a language is fun and rewarding. See this guide or notes.md.",
                "heading_2: Steps",
                "numbered_list_item: Pick a course",
                "numbered_list_item: Practice daily",
                "  bulleted_list_item: Flashcards",
                "    bulleted_list_item: Spaced repetition",
                "numbered_list_item: Speak with people",
                "to_do [x]: Buy a notebook",
                "to_do [ ]: Book a tutor",
                "quote: Practice makes progress. Second line.",
                "code [javascript]: const hola = \"mundo\";",
                "divider: ",
                "table: ",
                "  table_row Word | Meaning: ",
                "  table_row hola | hello: ",
                "  table_row adiós | bye: ",
                "heading_3: Deep heading",
                "paragraph: Line one line two with strike\nhard break",
                "paragraph: <div>raw html</div>");
    }

    @Test
    void inlineStylesAndLinksBecomeAnnotationsAndOnlySafeLinksSurvive() {
        List<ObjectNode> blocks = MarkdownToBlocks.convert("A **bold *both*** and [ok](https://a.example) [bad](javascript:alert(1)) [rel](/x) <https://auto.example>");
        JsonNode rich = blocks.getFirst().at("/paragraph/rich_text");
        List<String> parts = new ArrayList<>();
        rich.forEach(item -> parts.add(item.path("text").path("content").asText() + "|"
                + item.path("annotations").path("bold").asBoolean() + item.path("annotations").path("italic").asBoolean()
                + "|" + item.path("text").path("link").path("url").asText("-")));
        assertThat(parts).containsExactly("A |falsefalse|-", "bold |truefalse|-", "both|truetrue|-", " and |falsefalse|-",
                "ok|falsefalse|https://a.example", " bad rel |falsefalse|-", "https://auto.example|falsefalse|https://auto.example");
    }

    @Test
    void codeLanguagesMapToNotionsListAndUnknownOnesArePlainText() {
        String markdown = "```py\nx\n```\n\n```C++\ny\n```\n\n```brainfuck\nz\n```\n\n```\nw\n```\n\n    indented\n";
        assertThat(outline(MarkdownToBlocks.convert(markdown))).containsExactly(
                "code [python]: x", "code [c++]: y", "code [plain text]: z", "code [plain text]: w", "code [plain text]: indented");
    }

    @Test
    void longParagraphsAndEmojiAreKeptWhole() {
        String text = "a".repeat(1999) + "😀" + "b".repeat(6000);
        List<ObjectNode> blocks = MarkdownToBlocks.convert(text);
        assertThat(blocks).hasSize(1);
        assertThat(MarkdownToBlocks.plainText(blocks.getFirst())).isEqualTo(text);
    }

    @Test
    void streamingInAnyPiecesGivesTheSameBlocksAsTheWholeText() {
        List<String> whole = outline(MarkdownToBlocks.convert(ANSWER));
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            MarkdownStream stream = new MarkdownStream();
            List<ObjectNode> blocks = new ArrayList<>();
            int at = 0;
            while (at < ANSWER.length()) {
                int end = Math.min(ANSWER.length(), at + 1 + random.nextInt(40));
                blocks.addAll(stream.append(ANSWER.substring(at, end)));
                at = end;
            }
            int beforeFinish = blocks.size();
            blocks.addAll(stream.finish());
            assertThat(outline(blocks)).isEqualTo(whole);
            assertThat(beforeFinish).as("most blocks are ready before the answer ends").isGreaterThan(whole.size() / 2);
        }
    }

    @Test
    void blocksReadBackAsMarkdown() {
        List<ObjectNode> blocks = MarkdownToBlocks.convert("# Title\n\n- one\n  - two\n\n1. first\n2. second\n\n**bold** [l](https://x.example)\n");
        assertThat(BlocksToMarkdown.convert(blocks, BlocksToMarkdown::nestedChildren))
                .isEqualTo("# Title\n\n- one\n  - two\n1. first\n2. second\n**bold** [l](https://x.example)");
    }

    @Test
    void looseListsCodeInsideListItemsAndEmphasisInHeadingsKeepTheirShape() {
        String answer = """
                ### **Step 1:** Install *Python*

                1. Download it.

                   ```bash
                   brew install python
                   ```

                2. Check the version:
                   - run `python --version`
                   - expect **3.13**

                * Note one
                + Note two

                Final words with a footnote-like [^1] marker and a trailing backslash \\
                """;
        assertThat(outline(MarkdownToBlocks.convert(answer))).containsExactly(
                "heading_3: Step 1: Install Python",
                "numbered_list_item: Download it.",
                "  code [bash]: brew install python",
                "numbered_list_item: Check the version:",
                "  bulleted_list_item: run python --version",
                "  bulleted_list_item: expect 3.13",
                "bulleted_list_item: Note one",
                "bulleted_list_item: Note two",
                "paragraph: Final words with a footnote-like [^1] marker and a trailing backslash \\");
    }
}
