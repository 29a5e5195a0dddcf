package io.wizzygen.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    private static final Pattern URL = Pattern.compile("(Wizzygen|Sandbox viewer):\\s+(\\S+)");

    @Test
    void demoStartsTheAppAndTheSandboxPreConfiguredAndPrintsBothUrlsAndTheSandboxToken() throws Exception {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "demo", "--port", String.valueOf(port)).redirectErrorStream(true);
        builder.environment().keySet().removeAll(List.of("GEMINI_API_KEY", "OPENAI_API_KEY", "NOTION_TOKEN"));
        Process process = builder.start();
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String app = null;
            String viewer = null;
            StringBuilder seen = new StringBuilder();
            for (String line; (line = reader.readLine()) != null; ) {
                seen.append(line).append('\n');
                Matcher matcher = URL.matcher(line);
                if (matcher.find()) {
                    if (matcher.group(1).equals("Wizzygen")) {
                        app = matcher.group(2);
                    } else {
                        viewer = matcher.group(2);
                    }
                }
                if (line.contains("Ctrl-C")) {
                    break;
                }
            }
            assertThat(seen.toString()).contains("Demo engine (no AI)", "Sandbox token:   ntn_sandbox")
                    .as("no escape codes when the output is not a terminal").doesNotContain("\u001b");
            assertThat(app).as(seen.toString()).startsWith("http://").endsWith(":" + port + "/");
            assertThat(viewer).as(seen.toString()).isNotNull();
            assertThat(get(app + "settings")).contains("Connections Database", "Saved secret").doesNotContain("ntn_sandbox");
            assertThat(get(viewer)).contains("Wizzygen Sandbox");
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
