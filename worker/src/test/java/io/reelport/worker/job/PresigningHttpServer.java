package io.reelport.worker.job;

import io.reelport.testsupport.http.TestHttp;
import com.sun.net.httpserver.HttpServer;
import io.reelport.common.storage.SdkPresigners;
import io.reelport.common.storage.StorageProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Plays the part of the edge for tests: {@code GET /{key}} is answered with the bytes of the
 * previews object, fetched through a presigned URL. Relative URIs inside playlists resolve against
 * this server, so ffmpeg reads a whole HLS set exactly as stored, every byte through presigned URLs.
 */
final class PresigningHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final S3Presigner presigner;
    private final HttpClient http = TestHttp.client();
    final AtomicInteger presignedFetches = new AtomicInteger();

    PresigningHttpServer(StorageProperties storage) throws IOException {
        presigner = SdkPresigners.of(storage);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            String key = exchange.getRequestURI().getPath().substring(1);
            URI signed = URI.create(presigner.presignGetObject(request -> request.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(get -> get.bucket(storage.buckets().previews()).key(key))).url().toString());
            presignedFetches.incrementAndGet();
            try {
                HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(signed).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                response.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
                byte[] body = response.body().readAllBytes();
                exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(500, -1);
            }
        });
        server.start();
    }

    String url(String key) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + key;
    }

    @Override
    public void close() {
        server.stop(0);
        presigner.close();
    }
}
