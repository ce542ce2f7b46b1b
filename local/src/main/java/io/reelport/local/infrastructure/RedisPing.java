package io.reelport.local.infrastructure;

import io.reelport.testsupport.lookup.LocalPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * {@code PING} over a plain socket to a Redis on the loopback interface: the cheap question of
 * whether a server there answers, and whether it wants a password ({@code -NOAUTH}), without
 * starting a client.
 */
final class RedisPing {

    private RedisPing() {
    }

    /** The first line the server on {@code 127.0.0.1:port} answers to PING, or why there is none. */
    static String ping(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LocalPorts.LOOPBACK, port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b >= 0 && b != '\r' && line.length() < 200; b = in.read()) {
                line.append((char) b);
            }
            return line.toString();
        } catch (IOException e) {
            return "no answer (" + e.getMessage() + ")";
        }
    }
}
