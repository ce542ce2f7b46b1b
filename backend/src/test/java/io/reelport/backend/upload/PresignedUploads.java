package io.reelport.backend.upload;

import io.reelport.testsupport.http.TestHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** What a client does with the URLs the backend hands out: plain HTTP, no AWS code. */
public final class PresignedUploads {

    private static final HttpClient HTTP = TestHttp.client();

    private PresignedUploads() {
    }

    /** PUTs the bytes with the headers the ticket names; returns the response (ETag in its headers). */
    public static HttpResponse<String> put(URI url, Map<String, String> headers, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers != null) {
            headers.forEach(request::header);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static byte[] bytes(int size, int seed) {
        byte[] bytes = new byte[size];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }
}
