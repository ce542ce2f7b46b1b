package io.reelport.edge.playback;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * {@code TCP_CORK} on a player's connection for the length of one answer from a file, as nginx's
 * {@code tcp_nopush}: the kernel holds back partial segments, so the headers (one small write) leave
 * together with the start of the body (sendfile) instead of in a segment of their own.
 *
 * <p>Why it matters: a lone small segment ahead of every body keeps the player's TCP stack from
 * growing its receive window (a small segment costs a whole buffer's worth of receive memory). On
 * loopback with 16 connections fetching 1 MiB segments, the edge's connections spent 60–90 % of their
 * time limited by the receiver's window, with ten times nginx's retransmissions, and served about
 * half of nginx's requests per second; corked, 4–12 %, like nginx's (docs/benchmarks.md, "Edge
 * delivery").
 *
 * <p>Only on the epoll transport (Linux); elsewhere a no-op. {@link #release} must follow once the
 * answer was written or failed: it sends what the kernel held (else up to 200 ms later).
 */
final class Cork {

    /** For a connection that cannot be corked. */
    static final Cork NONE = new Cork(null);

    private final @Nullable EpollSocketChannel channel;

    private Cork(@Nullable EpollSocketChannel channel) {
        this.channel = channel;
    }

    static Cork on(@Nullable Channel channel) {
        if (channel instanceof EpollSocketChannel socket && socket.isActive()) {
            socket.config().setTcpCork(true);
            return new Cork(socket);
        }
        return NONE;
    }

    void release() {
        if (channel != null && channel.isOpen()) {
            channel.config().setTcpCork(false);
        }
    }
}
