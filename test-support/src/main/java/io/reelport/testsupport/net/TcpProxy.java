package io.reelport.testsupport.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder between a client under test and a real server (PostgreSQL, Redis, S3) that a
 * test can cut and restore: the outage a client sees when its database or store goes away, without
 * stopping a server other tests share. While cut, open connections are reset and new ones are
 * accepted and closed at once, which is what a client meets when a managed service fails over.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tcp-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean cut = new AtomicBoolean();
    private final AtomicInteger connections = new AtomicInteger();

    private TcpProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
        threads.execute(this::accept);
    }

    /** Starts forwarding from a free loopback port to {@code host:port}. */
    public static TcpProxy to(String host, int port) {
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            return new TcpProxy(listener, new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a proxy port", e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted while not cut: with keep-alive clients, fewer than requests. */
    public int connectionsAccepted() {
        return connections.get();
    }

    /** Resets every open connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        cut.set(true);
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    public void restore() {
        cut.set(false);
    }

    public boolean isCut() {
        return cut.get();
    }

    @Override
    public void close() {
        cut();
        closeQuietly(listener);
        threads.shutdownNow();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            if (cut.get()) {
                closeQuietly(client);
                continue;
            }
            connections.incrementAndGet();
            threads.execute(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket server = new Socket();
        try {
            server.connect(target, 5_000);
        } catch (IOException unreachable) {
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        open.add(client);
        open.add(server);
        if (cut.get()) {
            // cut() ran between accept and connect: this connection belongs to the outage too.
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        threads.execute(() -> pump(client, server));
        pump(server, client);
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException ended) {
            // One side closed or was cut; closing both below ends the other direction as well.
        } finally {
            open.remove(from);
            open.remove(to);
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Already closed: nothing left to release.
        }
    }
}
