package io.wizzygen.contract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where this machine keeps ../shared/notion (Notion's OpenAPI documents and recorded traffic): the folder the pom
 * passes as -Dwizzygen.notion.specs, else the nearest shared/notion above the project, else /work/shared/notion.
 * Tests read from there at test time; nothing of it is copied into the project.
 */
final class SharedNotion {

    private SharedNotion() {
    }

    /** The sub-folder {@code child} (e.g. "openapi", "recorded") of ../shared/notion. */
    static Path folder(String child) {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("wizzygen.notion.specs");
        if (configured != null) {
            candidates.add(Path.of(configured).resolve(child));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            candidates.add(dir.resolve("shared").resolve("notion").resolve(child));
        }
        candidates.add(Path.of("/work/shared/notion").resolve(child));
        return candidates.stream().filter(Files::isDirectory).findFirst().orElseThrow(() -> new IllegalStateException(
                "../shared/notion/" + child + " was not found (looked in " + candidates + "); the contract tests read Notion's "
                        + "documents and recorded traffic from there (set -Dwizzygen.notion.specs to the folder holding " + child + "/)"));
    }
}
