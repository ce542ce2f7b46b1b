package io.reelport.testsupport.lookup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Ports on the loopback interface: is something listening, and which one is free. */
public final class LocalPorts {

    public static final String LOOPBACK = "127.0.0.1";

    private LocalPorts() {
    }

    /**
     * Whether a TCP connection to {@code 127.0.0.1:port} succeeds within {@code timeoutMillis}. A
     * refused connection answers at once on loopback, so asking costs nothing when nothing runs.
     */
    public static boolean isListening(int port, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), timeoutMillis);
            return true;
        } catch (IOException nothingThere) {
            return false;
        }
    }

    /**
     * A port that was free a moment ago. Another process may take it before the caller binds it;
     * callers that start a server on it check that the server they started is the one answering.
     */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK, e);
        }
    }
}
