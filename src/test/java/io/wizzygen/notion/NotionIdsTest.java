package io.wizzygen.notion;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotionIdsTest {

    private static final String DASHED = "1f2e3d4c-5b6a-4798-8796-a5b4c3d2e1f0";

    @ParameterizedTest
    @ValueSource(strings = {
        "https://www.notion.so/acme/My-Page-1f2e3d4c5b6a47988796a5b4c3d2e1f0",
        "https://www.notion.so/My-Page-1f2e3d4c5b6a47988796a5b4c3d2e1f0",
        "https://acme.notion.site/My-Page-1f2e3d4c5b6a47988796a5b4c3d2e1f0",
        "https://www.notion.so/acme/1f2e3d4c5b6a47988796a5b4c3d2e1f0?v=0123456789abcdef0123456789abcdef&pvs=4",
        "https://www.notion.so/acme/Board-0123456789abcdef0123456789abcdef?p=1f2e3d4c5b6a47988796a5b4c3d2e1f0&pm=s",
        "1f2e3d4c5b6a47988796a5b4c3d2e1f0",
        "1F2E3D4C-5B6A-4798-8796-A5B4C3D2E1F0",
        "  www.notion.so/My-Page-1f2e3d4c5b6a47988796a5b4c3d2e1f0/  ",
        "http://localhost:7071/My-Page-1f2e3d4c5b6a47988796a5b4c3d2e1f0"
    })
    void whatPeoplePasteBecomesTheDashedId(String pasted) {
        assertThat(NotionIds.parse(pasted).value()).isEqualTo(DASHED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "https://example.com/My-Page-1f2e3d4c5b6a47988796a5b4c3d2e1f0",
        "https://www.notion.so/acme/My-Page", "1f2e3d4c5b6a47988796a5b4c3d2e1f"})
    void anythingElseIsRejectedWithAValidExample(String pasted) {
        assertThatThrownBy(() -> NotionIds.parse(pasted))
                .isInstanceOf(NotionIds.InvalidNotionLinkException.class)
                .hasMessageContaining(NotionIds.EXAMPLE);
    }
}
