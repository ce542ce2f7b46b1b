package io.reelport.edge.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of the S3 server that writes down every request line it forwards, so tests
 * count the edge's real upstream GETs. It can also stall: swallow requests and never answer, which
 * is what a hung storage server looks like.
 */
public final class CountingProxy implements AutoCloseable {

    private final int targetPort;
    private final ServerSocket server;
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean stalled;
    private volatile long cutResponsesAfter = -1;
    private volatile long stallResponsesAfter = -1;
    private volatile int slowPiece;
    private volatile long slowPauseMillis;

    public CountingProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        Thread acceptor = new Thread(this::accept, "counting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void stall(boolean stall) {
        this.stalled = stall;
    }

    /** Closes each upstream connection after this many response bytes; -1 for never. */
    /** Responses stop after {@code bytes} with the connection left open, as a hung server would; -1 ends it. */
    public void stallResponsesAfter(long bytes) {
        this.stallResponsesAfter = bytes;
    }

    public void cutResponsesAfter(long bytes) {
        this.cutResponsesAfter = bytes;
    }

    /**
     * Sends responses on in pieces of {@code piece} bytes with a pause after each, as a distant or
     * busy storage server does; 0 for full speed.
     */
    public void slowResponses(int piece, long pauseMillis) {
        this.slowPauseMillis = pauseMillis;
        this.slowPiece = piece;
    }

    /** GET requests whose target ends with {@code keySuffix}. */
    public long gets(String keySuffix) {
        return requestLines.stream().filter(line -> line.startsWith("GET ")).map(line -> line.split(" ")[1])
                .filter(target -> target.split("\\?")[0].endsWith(keySuffix)).count();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread connection = new Thread(() -> connect(client), "counting-proxy-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void connect(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            sockets.add(upstream);
            Thread back = new Thread(() -> pump(upstream, client, false), "counting-proxy-back");
            back.setDaemon(true);
            back.start();
            pump(client, upstream, true);
        } catch (IOException refused) {
            // Storage down: the client sees its connection closed.
        }
    }

    private void pump(Socket from, Socket to, boolean requests) {
        byte[] buffer = new byte[64 * 1024];
        StringBuilder line = new StringBuilder();
        long forwarded = 0;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (requests && stalled) {
                    continue;
                }
                if (requests) {
                    // Request bodies never come from the edge (it only GETs), so every line is a
                    // request line or a header.
                    for (int i = 0; i < read; i++) {
                        char c = (char) (buffer[i] & 0xff);
                        if (c == '\n') {
                            String text = line.toString().trim();
                            if (text.startsWith("GET ") || text.startsWith("HEAD ")) {
                                requestLines.add(text);
                            }
                            line.setLength(0);
                        } else if (line.length() < 4096) {
                            line.append(c);
                        }
                    }
                }
                long cut = cutResponsesAfter;
                if (!requests && cut >= 0 && forwarded + read > cut) {
                    out.write(buffer, 0, (int) Math.max(0, cut - forwarded));
                    out.flush();
                    return;
                }
                long stallAt = stallResponsesAfter;
                if (!requests && stallAt >= 0 && forwarded + read > stallAt) {
                    out.write(buffer, 0, (int) Math.max(0, stallAt - forwarded));
                    out.flush();
                    while (in.read(buffer) >= 0) {
                        // swallowed: the edge hears nothing more until it gives up on the connection
                    }
                    return;
                }
                int piece = requests ? 0 : slowPiece;
                for (int offset = 0; offset < read; offset += piece > 0 ? piece : read) {
                    int length = piece > 0 ? Math.min(piece, read - offset) : read;
                    out.write(buffer, offset, length);
                    out.flush();
                    if (piece > 0) {
                        pause(slowPauseMillis);
                    }
                }
                forwarded += read;
            }
        } catch (IOException closed) {
            // one side went away
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", interrupted);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing
        }
    }

    static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
