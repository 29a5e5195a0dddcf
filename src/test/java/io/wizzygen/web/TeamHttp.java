package io.wizzygen.web;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.wizzygen.web.DemoHttp.JSON;
import static io.wizzygen.web.DemoHttp.encode;
import static io.wizzygen.web.DemoHttp.text;
import static io.wizzygen.web.DemoHttp.form;
import static io.wizzygen.web.DemoHttp.runIdOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A team-mode app driven over plain HTTP as browsers would, one {@link Member} per account: each keeps its own
 * session cookie (read from Set-Cookie, so its attributes can be checked and an old one replayed) and the CSRF
 * token of its session (read from the hidden {@code _csrf} input of a page's form). Redirects are not followed.
 */
final class TeamHttp {

    static final String COOKIE = "wizzygen_session";
    private static final Pattern CSRF_INPUT = Pattern.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\">");
    private static final Pattern CONNECTION_LOCATION = Pattern.compile("^/connections/([0-9a-f-]{36})(\\?unsynced=1)?$");

    final String origin;
    private final HttpClient http;

    TeamHttp(int port) {
        this.origin = "http://127.0.0.1:" + port;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    // ---------------------------------------------------------------- raw requests (only the headers given)

    HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    /** A form POST with exactly these headers: no Origin, cookie or CSRF token unless given. */
    HttpResponse<String> post(String path, Map<String, String> form, String... headers) {
        return send(postRequest(path, form, headers));
    }

    CompletableFuture<HttpResponse<String>> postAsync(String path, Map<String, String> form, String... headers) {
        return http.sendAsync(postRequest(path, form, headers), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpRequest postRequest(String path, Map<String, String> form, String... headers) {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        return request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(180)); // floods queue for the hash
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- accounts

    /** POST /signup from the app's own page; answers the raw response (no cookie kept). */
    HttpResponse<String> signUpRaw(String email, String password, String confirm, String... headers) {
        String[] all = concat(headers, "Origin", origin);
        return post("/signup", form("email", email, "password", password, "confirm", confirm), all);
    }

    /** A new account, signed in: its session cookie and CSRF token. */
    Member signUp(String email, String password) {
        HttpResponse<String> answer = signUpRaw(email, password, password);
        assertThat(answer.statusCode()).as("sign-up of " + email + ": " + text(answer.body())).isEqualTo(303);
        assertThat(answer.headers().firstValue("Location")).contains("/?welcome=1");
        return new Member(email, password, sessionToken(answer));
    }

    HttpResponse<String> signInRaw(String email, String password, String next) {
        Map<String, String> form = form("email", email, "password", password);
        if (next != null) {
            form.put("next", next);
        }
        return post("/signin", form, "Origin", origin);
    }

    /** Another session of an existing account. */
    Member signIn(String email, String password) {
        HttpResponse<String> answer = signInRaw(email, password, null);
        assertThat(answer.statusCode()).as("sign-in of " + email + ": " + text(answer.body())).isEqualTo(303);
        return new Member(email, password, sessionToken(answer));
    }

    /** The session cookie's Set-Cookie header of an answer. */
    static String setCookie(HttpResponse<String> answer) {
        List<String> cookies = answer.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(COOKIE + "=")).toList();
        assertThat(cookies).as("one session cookie set").hasSize(1);
        return cookies.getFirst();
    }

    static String sessionToken(HttpResponse<String> answer) {
        String cookie = setCookie(answer);
        String token = cookie.substring(COOKIE.length() + 1, cookie.indexOf(';'));
        assertThat(token).as("a session token").isNotBlank();
        return token;
    }

    static String csrfOf(String html) {
        Matcher csrf = CSRF_INPUT.matcher(html);
        assertThat(csrf.find()).as("a form with a CSRF token in: " + text(html)).isTrue();
        return csrf.group(1);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** One signed-in browser of one account. */
    final class Member {
        final String email;
        final String password;
        final String token;
        final String csrf;

        Member(String email, String password, String token) {
            this.email = email;
            this.password = password;
            this.token = token;
            HttpResponse<String> home = get("/");
            assertThat(home.statusCode()).as("Home of " + email + " after signing in").isEqualTo(200);
            this.csrf = csrfOf(home.body());
        }

        String cookie() {
            return COOKIE + "=" + token;
        }

        HttpResponse<String> get(String path, String... headers) {
            return TeamHttp.this.get(path, concat(headers, "Cookie", cookie()));
        }

        /** A page this account may open: 200, answered as its HTML. */
        String page(String path) {
            HttpResponse<String> page = get(path);
            assertThat(page.statusCode()).as(email + " GET " + path + ": " + text(page.body())).isEqualTo(200);
            return page.body();
        }

        /** A form POST from the app's own page: Origin and the session's CSRF token. */
        HttpResponse<String> post(String path, Map<String, String> form) {
            Map<String, String> withToken = new LinkedHashMap<>(form);
            withToken.put("_csrf", csrf);
            return TeamHttp.this.post(path, withToken, "Origin", origin, "Cookie", cookie());
        }

        /** A POST with the cookie and exactly these other headers and fields (nothing added). */
        HttpResponse<String> postRaw(String path, Map<String, String> form, String... headers) {
            return TeamHttp.this.post(path, form, concat(headers, "Cookie", cookie()));
        }

        /** What htmx sends: the token in the X-CSRF-Token header (hx-headers on the body), not in the form. */
        HttpResponse<String> postHtmx(String path, Map<String, String> form) {
            return TeamHttp.this.post(path, form, "Origin", origin, "Cookie", cookie(), "HX-Request", "true", "X-CSRF-Token", csrf);
        }

        CompletableFuture<HttpResponse<String>> postAsync(String path, Map<String, String> form) {
            Map<String, String> withToken = new LinkedHashMap<>(form);
            withToken.put("_csrf", csrf);
            return TeamHttp.this.postAsync(path, withToken, "Origin", origin, "Cookie", cookie());
        }

        /** Settings saved through the form, as the Save button sends it. */
        void saveSettings(String connectionsDatabase, String engine, String apiKey, String notionSecret) {
            HttpResponse<String> saved = post("/settings", form("connectionsDatabase", connectionsDatabase, "engine", engine, "baseUrl", "",
                    "apiKey", apiKey, "model", "", "notionSecret", notionSecret));
            assertThat(saved.statusCode()).as("settings of " + email + " saved: " + text(saved.body())).isEqualTo(303);
            assertThat(saved.headers().firstValue("Location")).contains("/settings?saved=1");
        }

        /** Create → Next with one's own link; answers the new connection's id. */
        String createConnection(String name, String type, String url) {
            HttpResponse<String> created = post("/create", form("name", name, "type", type, "template", "own", "url", url));
            assertThat(created.statusCode()).as("connection " + name + " created: " + text(created.body())).isEqualTo(303);
            String location = created.headers().firstValue("Location").orElseThrow();
            Matcher id = CONNECTION_LOCATION.matcher(location);
            assertThat(id.matches()).as("redirected to the new connection: " + location).isTrue();
            return id.group(1);
        }

        /** Generate; answers the run id of its redirect. */
        String generate(String connectionId, Map<String, String> form) {
            return runIdOf(post("/connections/" + connectionId + "/generate", form));
        }

        /** Polls the run's JSON snapshot until it is finished; answers it. */
        JsonNode awaitRun(String runId) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                HttpResponse<String> answer = get("/runs/" + runId);
                assertThat(answer.statusCode()).as("run " + runId + " of " + email + ": " + answer.body()).isEqualTo(200);
                try {
                    JsonNode snapshot = JSON.readTree(answer.body());
                    if (snapshot.path("finished").asBoolean()) {
                        return snapshot;
                    }
                    assertThat(System.nanoTime()).as("run " + runId + " finished in time: " + snapshot).isLessThan(deadline);
                    Thread.sleep(100);
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + answer.body(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** The run id of Generate's redirect. */
    /** The data of the (last) "done" event of a finished run's snapshot. */
    static JsonNode done(JsonNode snapshot) {
        JsonNode done = null;
        for (JsonNode event : snapshot.path("events")) {
            if (event.path("name").asText().equals("done")) {
                done = event.path("data");
            }
        }
        assertThat(done).as("a done event in " + snapshot).isNotNull();
        return done;
    }
}
