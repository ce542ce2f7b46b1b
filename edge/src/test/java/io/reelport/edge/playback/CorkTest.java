package io.reelport.edge.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TCP_CORK set and taken off again on real loopback sockets of Netty's epoll transport. */
class CorkTest {

    private EventLoopGroup loops;
    private Channel server;
    private Channel client;
    private EpollSocketChannel accepted;

    @BeforeEach
    void connect() throws Exception {
        assertThat(Epoll.isAvailable()).as("the edge runs on Linux's epoll transport").isTrue();
        loops = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        CompletableFuture<EpollSocketChannel> child = new CompletableFuture<>();
        server = new ServerBootstrap().group(loops).channel(EpollServerSocketChannel.class)
                .childHandler(new ChannelInitializer<EpollSocketChannel>() {
                    @Override
                    protected void initChannel(EpollSocketChannel channel) {
                        child.complete(channel);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        client = new Bootstrap().group(loops).channel(EpollSocketChannel.class)
                .handler(new ChannelInitializer<EpollSocketChannel>() {
                    @Override
                    protected void initChannel(EpollSocketChannel channel) {
                    }
                })
                .connect(server.localAddress()).sync().channel();
        accepted = child.get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        client.close().sync();
        server.close().sync();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void corksAPlayersConnectionForOneAnswerAndUncorksIt() {
        assertThat(accepted.config().isTcpCork()).isFalse();

        Cork cork = Cork.on(accepted);
        assertThat(accepted.config().isTcpCork()).as("corked while the answer is written").isTrue();

        cork.release();
        assertThat(accepted.config().isTcpCork()).as("uncorked, so nothing waits for the kernel's 200 ms").isFalse();
    }

    @Test
    void releasingAfterThePlayerLeftIsHarmless() throws Exception {
        Cork cork = Cork.on(accepted);
        accepted.close().sync();

        cork.release();

        assertThat(accepted.isOpen()).isFalse();
    }

    @Test
    void leavesOtherTransportsAlone() {
        EmbeddedChannel other = new EmbeddedChannel();

        assertThat(Cork.on(other)).isSameAs(Cork.NONE);
        Cork.NONE.release();
        assertThat(Cork.on(null)).isSameAs(Cork.NONE);
        other.finishAndReleaseAll();
    }
}
