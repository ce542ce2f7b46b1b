package io.reelport.local.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.reelport.testsupport.lookup.LocalPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Properties;

/**
 * A customer's player page: {@code browser/player.html} with hls.js from its WebJar, served by a
 * JDK HTTP server on {@code 127.0.0.1} while the edge is reached as {@code localhost}, so the
 * browser fetches the stream from another origin, as from a customer's site, and the edge's CORS
 * answers are what lets it play.
 */
final class HlsJsPage implements AutoCloseable {

    private static final String WEBJAR = "META-INF/maven/org.webjars.npm/hls.js/pom.properties";

    /** Path on this server → classpath resource and content type. */
    private record Resource(String classpath, String contentType) {
    }

    private final HttpServer server;
    private final Map<String, Resource> resources;

    private HlsJsPage(HttpServer server) {
        this.server = server;
        this.resources = Map.of(
                "/", new Resource("browser/player.html", "text/html; charset=utf-8"),
                "/hls.min.js", new Resource("META-INF/resources/webjars/hls.js/" + hlsJsVersion() + "/dist/hls.min.js",
                        "text/javascript; charset=utf-8"));
        server.createContext("/", this::serve);
    }

    static HlsJsPage serve() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(LocalPorts.LOOPBACK, 0), 0);
            HlsJsPage page = new HlsJsPage(server);
            server.start();
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the player page", e);
        }
    }

    /** The page's origin, to be allowed by the edge's {@code CORS_ALLOWED_ORIGINS}. */
    String origin() {
        return "http://" + LocalPorts.LOOPBACK + ":" + server.getAddress().getPort();
    }

    URI url() {
        return URI.create(origin() + "/");
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Resource resource = resources.get(exchange.getRequestURI().getPath());
            if (resource == null || !"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = read(resource.classpath());
            exchange.getResponseHeaders().set("Content-Type", resource.contentType());
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** The WebJar's own version, so that the POM is the one place that names it. */
    private static String hlsJsVersion() {
        Properties properties = new Properties();
        try (InputStream in = stream(WEBJAR)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static byte[] read(String classpath) {
        try (InputStream in = stream(classpath)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream stream(String classpath) {
        InputStream in = HlsJsPage.class.getClassLoader().getResourceAsStream(classpath);
        if (in == null) {
            throw new IllegalStateException("not on the test classpath: " + classpath + " (the org.webjars.npm:hls.js test dependency)");
        }
        return in;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
