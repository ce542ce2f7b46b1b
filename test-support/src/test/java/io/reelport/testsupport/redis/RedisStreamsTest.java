package io.reelport.testsupport.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.reelport.common.redis.RedisNamespace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test Redis does what the job queue relies on: streams with consumer groups, in a namespace of our own. */
class RedisStreamsTest {

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> redis;
    private static RedisNamespace namespace;

    @BeforeAll
    static void connect() {
        namespace = TestRedis.newNamespace();
        client = RedisClient.create(TestRedis.url());
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Test
    void aJobGoesThroughAConsumerGroupAndIsAcknowledged() {
        String jobs = namespace.jobsStream();
        redis.xgroupCreate(XReadArgs.StreamOffset.from(jobs, "0"), RedisNamespace.WORKERS_GROUP, XGroupCreateArgs.Builder.mkstream());

        String id = redis.xadd(jobs, Map.of("type", "INGEST", "jobId", "job-1"));
        List<StreamMessage<String, String>> delivered = redis.xreadgroup(
                Consumer.from(RedisNamespace.WORKERS_GROUP, "worker-1"),
                XReadArgs.Builder.count(10).block(Duration.ofSeconds(2)),
                XReadArgs.StreamOffset.lastConsumed(jobs));

        assertThat(delivered).singleElement().satisfies(message -> {
            assertThat(message.getId()).isEqualTo(id);
            assertThat(message.getBody()).containsEntry("jobId", "job-1").containsEntry("type", "INGEST");
        });
        assertThat(redis.xpending(jobs, RedisNamespace.WORKERS_GROUP).getCount()).isEqualTo(1);

        assertThat(redis.xack(jobs, RedisNamespace.WORKERS_GROUP, id)).isEqualTo(1);

        assertThat(redis.xpending(jobs, RedisNamespace.WORKERS_GROUP).getCount()).isZero();
    }

    @Test
    void namespacesAreFreshAndTheirKeysCanBeDeleted() {
        RedisNamespace other = TestRedis.newNamespace();
        assertThat(other).isNotEqualTo(namespace);
        assertThat(other.namespace()).matches("rpt-[0-9a-f]{12}");
        assertThat(redis.exists(other.jobsStream(), other.eventsStream())).isZero();

        redis.xadd(other.eventsStream(), Map.of("type", "STARTED"));
        redis.set(other.key("rate", "login", "1.2.3.4"), "1");

        assertThat(TestRedis.deleteKeys(other)).isEqualTo(2);
        assertThat(redis.exists(other.eventsStream(), other.key("rate", "login", "1.2.3.4"))).isZero();
    }
}
