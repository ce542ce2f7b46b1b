package io.reelport.edge.storage;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The previews bucket's HTTP clients: one per event loop of the edge's server, each with its own pool
 * of keep-alive connections that live on that loop.
 *
 * <p>A miss is sent on a connection of the loop its player's request arrived on, so the request to
 * the bucket, the bucket's answer and the bytes to the player never change threads. With one shared
 * pool the connection a miss got usually belonged to another loop, and each hand-over (request out,
 * headers back, every chunk) meant waking that loop's thread: a few hundred microseconds apiece on a
 * small VM, the largest part of what a miss added to the bucket's own time to first byte.
 *
 * <p>The time limits live on the connections' own loops too, rather than as timers on a shared
 * scheduler: connecting, waiting for a pooled connection, and waiting for the answer's headers are
 * each bounded by the edge's upstream timeout.
 */
public final class BucketClients {

    private record LoopClient(EventExecutor loop, HttpClient http, ConnectionProvider connections) {
    }

    private final List<LoopClient> clients;

    private BucketClients(List<LoopClient> clients) {
        this.clients = clients;
    }

    /**
     * A client per loop of {@code loops}. Idle connections are closed after 15 s, before the 20 s after
     * which S3 drops an idle keep-alive connection, so a miss rarely finds a dead one.
     */
    public static BucketClients on(EventLoopGroup loops, Duration timeout) {
        List<LoopClient> clients = new ArrayList<>();
        for (EventExecutor loop : loops) {
            ConnectionProvider connections = ConnectionProvider.builder("previews-bucket-" + clients.size())
                    .maxConnections(64)
                    .maxIdleTime(Duration.ofSeconds(15))
                    .pendingAcquireTimeout(timeout)
                    .build();
            HttpClient http = HttpClient.create(connections)
                    .runOn((EventLoopGroup) loop)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE))
                    .responseTimeout(timeout);
            clients.add(new LoopClient(loop, http, connections));
        }
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("no event loops to run the previews bucket's clients on");
        }
        return new BucketClients(List.copyOf(clients));
    }

    /** The client of the loop the caller runs on; off the loops (tests, startup), the first one. */
    HttpClient current() {
        for (LoopClient client : clients) {
            if (client.loop().inEventLoop()) {
                return client.http();
            }
        }
        return clients.get(0).http();
    }

    /** Closes every pooled connection. */
    public void dispose() {
        clients.forEach(client -> client.connections().dispose());
    }
}
