package io.wizzygen.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The structural comparison the replay relies on: what it lets pass and what it catches. */
class StructureTest {

    private static final String VERSION = "2025-09-03";

    private static JsonNode json(String text) {
        try {
            return NotionContract.json().readTree(text.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An index built from recordings of these answers. */
    private static Structure.KeyIndex index(String... answers) {
        List<Recordings.Interaction> interactions = java.util.Arrays.stream(answers).map(answer -> new Recordings.Interaction("test", 0,
                "GET", "/v1/x", VERSION, NullNode.getInstance(), 200, Map.of(), json(answer))).toList();
        return Structure.KeyIndex.of(List.of(new Recordings.Recording("test", false, interactions)));
    }

    private static List<String> compare(Structure.KeyIndex index, IdMap ids, String recorded, String actual) {
        return new Structure(index, ids, VERSION).compare(json(recorded), json(actual), false, false);
    }

    private static final String BLOCK = "{'object':'block','id':'393abc1e-edcd-8173-a36c-c4818759c89b','created_time':'2026-07-04T09:08:00.000Z',"
            + "'has_children':false,'type':'paragraph','paragraph':{'rich_text':[],'icon':null,'color':'default'},"
            + "'url':'https://app.notion.com/p/393abc1eedcd8173a36cc4818759c89b'}";

    @Test
    void idsTimestampsUrlsAndTextMatchByShapeAndTheIdsAreLearned() {
        IdMap ids = new IdMap();
        List<String> differences = compare(index(BLOCK), ids, BLOCK, "{'object':'block','id':'0d6f3a52-1c3e-4d0a-9b6f-2f6c1e0f7a11',"
                + "'created_time':'2026-11-30T12:00:00.123Z','has_children':false,'type':'paragraph','paragraph':{'rich_text':[],'icon':null,"
                + "'color':'default'},'url':'http://localhost:7071/0d6f3a521c3e4d0a9b6f2f6c1e0f7a11'}");
        assertThat(differences).isEmpty();
        assertThat(ids.get("393abc1eedcd8173a36cc4818759c89b")).hasValue("0d6f3a52-1c3e-4d0a-9b6f-2f6c1e0f7a11");
    }

    @Test
    void missingKeysWrongTypesEnumsAndBooleansAreCaught() {
        String actual = BLOCK.replace(",'icon':null", "").replace("'color':'default'", "'color':'red'").replace("'has_children':false", "'has_children':true")
                .replace("'created_time':'2026-07-04T09:08:00.000Z'", "'created_time':1783156080");
        assertThat(compare(index(BLOCK), new IdMap(), BLOCK, actual)).containsExactlyInAnyOrder(
                "body.paragraph: sandbox lacks \"icon\"",
                "body.paragraph.color: recorded \"default\", sandbox \"red\"",
                "body.has_children: recorded false, sandbox true",
                "body.created_time: recorded a date-time (\"2026-07-04T09:08:00.000Z\"), sandbox number 1783156080");
    }

    @Test
    void anExtraKeyCountsOnlyWhenNoRecordingOfThatKindAndVersionHasIt() {
        String withArchived = BLOCK.replace("'has_children':false", "'has_children':false,'archived':false");
        String withSomethingNew = BLOCK.replace("'has_children':false", "'has_children':false,'is_pinned':false");
        Structure.KeyIndex index = index(BLOCK, withArchived);
        assertThat(compare(index, new IdMap(), BLOCK, withArchived)).as("another recording of a paragraph block has it").isEmpty();
        assertThat(compare(index, new IdMap(), BLOCK, withSomethingNew))
                .containsExactly("body: sandbox adds \"is_pinned\" (no recording of block:paragraph in 2025-09-03 has it)");
    }

    @Test
    void aUuidWhereNotionHasAShortIdIsADifference() {
        String recorded = "{'id':'6f1ad2b6-3a3e-4b1f-9f41-0d1f2d8e2c11','name':'Done','color':'green'}";
        assertThat(compare(index(recorded), new IdMap(), recorded, "{'id':'aB3x','name':'Done','color':'green'}"))
                .containsExactly("body.id: recorded a uuid (\"6f1ad2b6-3a3e-4b1f-9f41-0d1f2d8e2c11\"), sandbox a text (\"aB3x\")");
    }

    @Test
    void messagesAreComparedWithTheReplaysIdsAndWithoutTheIntegrationsName() {
        IdMap ids = new IdMap();
        ids.learn("2600ce2a6520801c86cbfd0b73eb91de", "0d6f3a52-1c3e-4d0a-9b6f-2f6c1e0f7a11");
        String recorded = "{'object':'error','status':404,'message':'Could not find page with ID: 2600ce2a-6520-801c-86cb-fd0b73eb91de. "
                + "Make sure the relevant pages and databases are shared with your integration.'}";
        String same = "{'object':'error','status':404,'message':'Could not find page with ID: 0d6f3a52-1c3e-4d0a-9b6f-2f6c1e0f7a11. "
                + "Make sure the relevant pages and databases are shared with your integration \\\"Wizzygen Sandbox\\\".'}";
        assertThat(compare(index(recorded), ids, recorded, same)).isEmpty();
        assertThat(compare(index(recorded), ids, recorded, same.replace("page with", "block with"))).hasSize(1);
    }

    @Test
    void searchResultsAreEachComparedWithTheClosestRecordedResultOfTheirKind() {
        String recorded = "{'object':'list','results':[" + BLOCK + "]}";
        String twoOfThem = "{'object':'list','results':[" + BLOCK + "," + BLOCK.replace("'has_children':false", "'has_children':true") + "]}";
        Structure structure = new Structure(index(recorded), new IdMap(), VERSION);
        assertThat(structure.compare(json(recorded), json(twoOfThem), true, false))
                .containsExactly("body.results[1].has_children: recorded false, sandbox true");
        assertThat(structure.compare(json(recorded), json("{'object':'list','results':[]}"), true, false))
                .containsExactly("body.results: recorded 1 results, sandbox 0");
    }
}
