package io.reelport.edge.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, one request per connection. Java's HttpClient refuses or rewrites
 * the hostile paths these tests must send exactly as written ({@code ..}, backslashes, NUL).
 */
public final class RawHttp {

    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    public record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {

        public Optional<String> header(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + headers;
        }
    }

    public Response get(String path, String... headerLines) {
        return send("GET", path, headerLines);
    }

    public Response head(String path, String... headerLines) {
        return send("HEAD", path, headerLines);
    }

    /** {@code path} goes on the request line byte for byte (ISO-8859-1). */
    public Response send(String method, String path, String... headerLines) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
            for (String line : headerLines) {
                request.append(line).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(socket.getInputStream(), method.equals("HEAD"));
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    private static Response read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.add(Map.entry(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
        }
        Optional<Long> length = headers.stream().filter(h -> h.getKey().equalsIgnoreCase("content-length"))
                .map(h -> Long.parseLong(h.getValue())).findFirst();
        boolean chunked = headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("transfer-encoding")
                && h.getValue().toLowerCase(Locale.ROOT).contains("chunked"));
        if (head || status == 304 || status == 204) {
            return new Response(status, headers, new byte[0]);
        }
        if (chunked) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            return new Response(status, headers, body.toByteArray());
        }
        byte[] body = length.isPresent() ? in.readNBytes(Math.toIntExact(length.get())) : in.readAllBytes();
        return new Response(status, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-line: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
