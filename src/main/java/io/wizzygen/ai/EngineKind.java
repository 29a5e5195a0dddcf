package io.wizzygen.ai;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The engines Wizzygen speaks to, with their command-line names. */
public enum EngineKind {
    GEMINI("gemini", "Gemini"),
    OPENAI("openai", "OpenAI"),
    OPENAI_COMPATIBLE("openai-compatible", "OpenAI-compatible"),
    DEMO("demo", "Demo engine (no AI)");

    private final String cliName;
    private final String displayName;

    EngineKind(String cliName, String displayName) {
        this.cliName = cliName;
        this.displayName = displayName;
    }

    public String cliName() {
        return cliName;
    }

    public String displayName() {
        return displayName;
    }

    /** The engine for a command-line or settings name, with an error listing the valid names. */
    public static EngineKind parse(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(kind -> kind.cliName.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown AI engine \"" + name + "\": use one of "
                        + Arrays.stream(values()).map(EngineKind::cliName).collect(Collectors.joining(", ")) + "."));
    }
}
