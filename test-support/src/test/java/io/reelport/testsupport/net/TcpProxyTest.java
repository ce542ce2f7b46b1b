package io.reelport.testsupport.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelport.testsupport.redis.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Through a real Redis: traffic passes, a cut breaks the open connection and turns new ones away, a restore heals. */
class TcpProxyTest {

    @Test
    void forwardsCutsAndRestores() {
        URI redis = URI.create(TestRedis.url());
        try (TcpProxy proxy = TcpProxy.to(redis.getHost(), redis.getPort())) {
            RedisURI throughProxy = RedisURI.builder().withHost("127.0.0.1").withPort(proxy.port())
                    .withTimeout(Duration.ofSeconds(2)).build();
            RedisClient client = RedisClient.create(throughProxy);
            try {
                StatefulRedisConnection<String, String> connection = client.connect();
                assertThat(connection.sync().ping()).isEqualTo("PONG");
                assertThat(proxy.connectionsAccepted()).isEqualTo(1);

                proxy.cut();
                assertThat(proxy.isCut()).isTrue();
                assertThatThrownBy(() -> connection.sync().ping()).isInstanceOf(RuntimeException.class);
                assertThatThrownBy(client::connect).isInstanceOf(RedisConnectionException.class);
                connection.close();

                proxy.restore();
                try (StatefulRedisConnection<String, String> again = client.connect()) {
                    assertThat(again.sync().ping()).isEqualTo("PONG");
                }
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void aRefusingCutLeavesNothingListeningUntilRestoredOnTheSamePort() throws Exception {
        URI redis = URI.create(TestRedis.url());
        try (TcpProxy proxy = TcpProxy.to(redis.getHost(), redis.getPort(), TcpProxy.Outage.REFUSED)) {
            RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(proxy.port())
                    .withTimeout(Duration.ofSeconds(2)).build());
            try {
                StatefulRedisConnection<String, String> connection = client.connect();
                assertThat(connection.sync().ping()).isEqualTo("PONG");

                proxy.cut();
                assertThatThrownBy(() -> connection.sync().ping()).isInstanceOf(RuntimeException.class);
                assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), proxy.port()).close())
                        .isInstanceOf(ConnectException.class);
                connection.close();

                proxy.restore();
                try (StatefulRedisConnection<String, String> again = client.connect()) {
                    assertThat(again.sync().ping()).isEqualTo("PONG");
                }
                assertThat(proxy.connectionsAccepted()).isEqualTo(2);
            } finally {
                client.shutdown();
            }
        }
    }
}
