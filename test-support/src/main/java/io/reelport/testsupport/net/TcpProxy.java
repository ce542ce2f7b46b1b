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
 * stopping a server other tests share. While cut, open connections are reset, and new ones meet
 * the chosen {@link Outage}.
 */
public final class TcpProxy implements AutoCloseable {

    /** What a new connection meets while the proxy is cut. */
    public enum Outage {
        /** Accepted and closed at once: what a client meets when a managed service fails over. */
        CLOSED,
        /** Refused (nothing listens on the port): a host that is down. */
        REFUSED
    }

    private final int port;
    private final Outage outage;
    private final InetSocketAddress target;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tcp-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean cut = new AtomicBoolean();
    private final AtomicInteger connections = new AtomicInteger();

    private volatile ServerSocket listener;

    private TcpProxy(ServerSocket listener, InetSocketAddress target, Outage outage) {
        this.listener = listener;
        this.port = listener.getLocalPort();
        this.target = target;
        this.outage = outage;
        threads.execute(() -> accept(listener));
    }

    /** Starts forwarding from a free loopback port to {@code host:port}; cut connections are accepted and closed. */
    public static TcpProxy to(String host, int port) {
        return to(host, port, Outage.CLOSED);
    }

    /** Starts forwarding from a free loopback port to {@code host:port}. */
    public static TcpProxy to(String host, int port, Outage outage) {
        try {
            ServerSocket listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new TcpProxy(listener, new InetSocketAddress(host, port), outage);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a proxy port", e);
        }
    }

    public int port() {
        return port;
    }

    /** Connections accepted while not cut: with keep-alive clients, fewer than requests. */
    public int connectionsAccepted() {
        return connections.get();
    }

    /** Resets every open connection and turns new ones away (see {@link Outage}) until {@link #restore()}. */
    public synchronized void cut() {
        cut.set(true);
        if (outage == Outage.REFUSED && listener != null) {
            closeQuietly(listener);
            listener = null;
        }
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** Forwards again, on the same port. */
    public synchronized void restore() {
        if (listener == null) {
            try {
                ServerSocket again = new ServerSocket();
                again.setReuseAddress(true);
                again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                listener = again;
                threads.execute(() -> accept(again));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on port " + port + " again", e);
            }
        }
        cut.set(false);
    }

    public boolean isCut() {
        return cut.get();
    }

    @Override
    public synchronized void close() {
        cut();
        if (listener != null) {
            closeQuietly(listener);
        }
        threads.shutdownNow();
    }

    private void accept(ServerSocket listener) {
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
