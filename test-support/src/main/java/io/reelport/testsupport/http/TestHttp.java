package io.reelport.testsupport.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The HTTP client tests talk to services with: HTTP/1.1, which is what every service here speaks
 * (the JDK client otherwise offers an h2c upgrade on each new plain-text connection, a protocol path
 * no player or operator takes), and every exchange bounded in time, so that a server that stops
 * answering fails the test that asked rather than stalling the build.
 */
public final class TestHttp {

    /** Longest any single request of a test may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final HttpClient CLIENT = client();

    private TestHttp() {
    }

    /** A new client: HTTP/1.1, five seconds to connect, redirects not followed. */
    public static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A request builder for {@code uri} with {@link #TIMEOUT} set. */
    public static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT);
    }

    /** GET {@code uri}; the body of a {@code 200}, or an AssertionError naming what came instead. */
    public static String getOk(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(request(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
