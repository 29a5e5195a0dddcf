package io.wizzygen.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    @Test
    void demoStartsTheSandboxWritesASamplePageAndPrintsWhereToLook() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "demo", "--port", "17370").redirectErrorStream(true).start();
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String samplePage = null;
            StringBuilder seen = new StringBuilder();
            for (String line; (line = reader.readLine()) != null; ) {
                seen.append(line).append('\n');
                Matcher matcher = Pattern.compile("Sample page:\\s+(\\S+)").matcher(line);
                if (matcher.find()) {
                    samplePage = matcher.group(1);
                }
                if (line.contains("Ctrl-C")) {
                    break;
                }
            }
            assertThat(seen.toString()).contains("Sandbox viewer:", "Demo engine (no AI)");
            assertThat(samplePage).isNotNull();
            String html = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(samplePage)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(html).contains("Welcome to Wizzygen", "Demo engine (no AI)");
        } finally {
            process.destroy();
            process.waitFor();
        }
    }
}
