package io.wizzygen.ai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An offline, deterministic stand-in for an AI, always labelled "Demo engine (no AI)". For a page it writes
 * well-formed Markdown shaped by the prompt (a heading, paragraphs, a list, about the length asked for); for
 * a row, a short answer that shows the row's input values; for a request with a schema, a JSON object that fits
 * it ({@link DemoJson}). Latency and a failure share can be simulated.
 */
final class DemoEngine implements AiEngine {

    static final String LABEL = "Demo engine (no AI)";
    private static final Pattern WORDS = Pattern.compile("(\\d{2,5})\\s*(?:words|word)");
    private static final String[] SENTENCES = {
        "It starts with a clear idea and grows through small, steady steps.",
        "Good notes turn scattered thoughts into something you can act on.",
        "The details matter, but the direction matters more.",
        "Every example here is invented by the demo engine, so treat it as placeholder text.",
        "Short sections and plain words make a page easy to scan.",
        "Practice beats theory when the goal is to build a habit.",
        "A checklist keeps the next step visible.",
        "Sharing what you learn is the fastest way to learn it twice."
    };

    private final EngineSettings settings;

    DemoEngine(EngineSettings settings) {
        this.settings = settings;
    }

    @Override
    public EngineKind kind() {
        return EngineKind.DEMO;
    }

    @Override
    public String label() {
        return LABEL;
    }

    @Override
    public AiResult generate(AiRequest request) {
        return stream(request, text -> {
        });
    }

    @Override
    public AiResult stream(AiRequest request, Consumer<String> onText) {
        long start = System.nanoTime();
        if (settings.demoFailureRate() > 0 && ThreadLocalRandom.current().nextDouble() < settings.demoFailureRate()) {
            pause(settings.demoLatencyMs());
            throw AiException.of(AiException.Kind.RETRY_LATER, LABEL + ": a simulated failure (WIZZYGEN_DEMO_FAILURE_RATE). Try again.");
        }
        String text = request.schema() != null ? DemoJson.answer(request.schema(), request.rowValues())
                : request.rowValues().isEmpty() ? page(request.prompt()) : row(request);
        List<String> pieces = pieces(text);
        for (String piece : pieces) {
            pause(settings.demoLatencyMs() / Math.max(1, pieces.size()));
            onText.accept(piece);
        }
        pause(settings.demoLatencyMs() - settings.demoLatencyMs() / Math.max(1, pieces.size()) * pieces.size());
        long input = tokens(request.prompt()) + tokens(request.system() == null ? "" : request.system());
        long output = tokens(text);
        return new AiResult(text, AiResult.FinishReason.STOP, new AiResult.Usage(input, output, input + output), "demo",
                Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public List<String> models() {
        return List.of("demo");
    }

    @Override
    public KeyCheck testKey() {
        return new KeyCheck(true, LABEL + ": no key needed; answers are placeholder text written offline.");
    }

    private static String page(String prompt) {
        SplittableRandom random = new SplittableRandom(prompt.hashCode());
        int words = wordsAsked(prompt);
        StringBuilder markdown = new StringBuilder("## ").append(headingFrom(prompt)).append("\n\n");
        markdown.append("*Written by the ").append(LABEL).append(" for the prompt:* ").append(quote(prompt)).append("\n\n");
        int written = 0;
        int paragraph = 0;
        while (written < words) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                String sentence = SENTENCES[random.nextInt(SENTENCES.length)];
                text.append(i == 0 ? "" : " ").append(sentence);
                written += sentence.split(" ").length;
            }
            markdown.append(text).append("\n\n");
            if (++paragraph == 1) {
                markdown.append("### Key points\n\n");
                for (int i = 0; i < 3; i++) {
                    String point = SENTENCES[random.nextInt(SENTENCES.length)];
                    markdown.append("- **Point ").append(i + 1).append(":** ").append(point).append('\n');
                    written += point.split(" ").length + 2;
                }
                markdown.append('\n');
            }
        }
        return markdown.toString().strip() + "\n";
    }

    /**
     * One honest sentence: what a real engine would have been asked, once. A prompt without placeholders arrives with
     * the row's values appended as "Name: value" lines; those, and any value the instruction does not hold yet, are
     * named once after the instruction.
     */
    private static String row(AiRequest request) {
        List<String> lines = new ArrayList<>(request.prompt().strip().lines().filter(line -> !line.isBlank()).toList());
        java.util.Set<String> valueLines = new java.util.HashSet<>();
        request.rowValues().forEach((name, value) -> valueLines.add((name + ": " + value).strip()));
        List<String> appended = new ArrayList<>();
        while (lines.size() > 1 && valueLines.contains(lines.getLast().strip())) {
            appended.addFirst(lines.removeLast().strip());
        }
        String instruction = String.join(" ", lines).strip();
        request.rowValues().forEach((name, value) -> {
            if (!value.isBlank() && !instruction.contains(value) && !appended.contains((name + ": " + value).strip())) {
                appended.add((name + ": " + value).strip());
            }
        });
        return LABEL + ": a real AI would be asked \u201c" + firstWords(instruction, 25) + "\u201d"
                + (appended.isEmpty() ? "" : " for " + String.join("; ", appended)) + ".";
    }

    private static int wordsAsked(String prompt) {
        Matcher matcher = WORDS.matcher(prompt.toLowerCase(Locale.ROOT));
        return matcher.find() ? Math.min(3000, Integer.parseInt(matcher.group(1))) : 150;
    }

    private static String headingFrom(String prompt) {
        String first = prompt.strip().split("[.!?\\n]", 2)[0];
        String heading = firstWords(first, 10);
        return heading.isEmpty() ? "Your page" : Character.toUpperCase(heading.charAt(0)) + heading.substring(1);
    }

    static String firstWords(String text, int count) {
        String[] words = text.strip().split("\\s+");
        return String.join(" ", java.util.Arrays.copyOf(words, Math.min(count, words.length))) + (words.length > count ? "…" : "");
    }

    private static String quote(String prompt) {
        return "“" + firstWords(prompt.replaceAll("[*_`#\\[\\]<>]", ""), 30) + "”";
    }

    private static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + 80);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end++;
            }
            pieces.add(text.substring(start, end));
            start = end;
        }
        return pieces;
    }

    private static long tokens(String text) {
        return Math.max(1, text.length() / 4);
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AiException.of(AiException.Kind.RETRY_LATER, "Interrupted.");
        }
    }
}
