import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** The benches' way to use the app as a browser's forms do (Java's multi-file source launcher finds it beside them). */
final class AppForms {

    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private AppForms() {
    }

    /** Posts a form from the app's own origin; answers where the app redirected to (a refusal is an error). */
    static String post(String app, String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(app + path)).header("Origin", app)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() >= 400) {
            throw new IllegalStateException(path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.headers().firstValue("Location").orElse("");
    }

    static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Waits until the run reads as finished. */
    static void awaitFinished(String app, String run) throws Exception {
        while (!get(app + "/runs/" + run).contains("\"finished\":true")) {
            Thread.sleep(200);
        }
    }
}
