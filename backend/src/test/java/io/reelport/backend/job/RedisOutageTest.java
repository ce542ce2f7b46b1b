package io.reelport.backend.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reelport.backend.asset.Asset;
import io.reelport.backend.asset.EditingAsset;
import io.reelport.backend.auth.Caller;
import io.reelport.backend.auth.Role;
import io.reelport.backend.upload.CompletingUpload;
import io.reelport.backend.upload.CreatingUpload;
import io.reelport.backend.upload.PresignedUploads;
import io.reelport.backend.user.EmailAddress;
import io.reelport.backend.user.UserAccount;
import io.reelport.backend.user.UserAccounts;
import io.reelport.backend.version.PromotingUpload;
import io.reelport.common.jobs.JobMessage;
import io.reelport.testsupport.Need;
import io.reelport.testsupport.ReelportTestProperties;
import io.reelport.testsupport.TestServices;
import io.reelport.testsupport.net.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Redis goes away during a promotion: the request still succeeds (it only writes PostgreSQL), the
 * relay keeps the job in the outbox while Redis is unreachable, and the job reaches the stream once
 * Redis answers again. Redis is cut with a TCP proxy in front of the real server, never mocked.
 */
@SpringBootTest(properties = {"reelport.jobs.relay-max-backoff=1s", "reelport.jobs.events-enabled=false"})
class RedisOutageTest {

    static TestServices services;
    static TcpProxy proxy;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws Exception {
        services = ReelportTestProperties.register(registry, Need.POSTGRES, Need.REDIS, Need.S3);
        URI real = URI.create(services.redisUrl());
        proxy = TcpProxy.to(real.getHost(), real.getPort());
        String userInfo = real.getRawUserInfo() == null ? "" : real.getRawUserInfo() + "@";
        registry.add("spring.data.redis.url", () -> "redis://" + userInfo + "127.0.0.1:" + proxy.port());
    }

    @AfterAll
    static void stopProxy() throws Exception {
        proxy.close();
    }

    @Autowired EditingAsset editing;
    @Autowired CreatingUpload creating;
    @Autowired CompletingUpload completing;
    @Autowired PromotingUpload promoting;
    @Autowired StringRedisTemplate redis;
    @Autowired JdbcClient jdbc;

    @Autowired UserAccounts users;

    @Test
    void aJobPromotedWhileRedisIsDownReachesTheStreamWhenRedisReturns() throws Exception {
        UserAccount account = users.save(new UserAccount(UUID.randomUUID(),
                EmailAddress.parse(UUID.randomUUID() + "@example.com"), "not-a-hash", Role.EDITOR, Instant.now()));
        Caller editor = Caller.user(account.id(), Role.EDITOR);
        Asset asset = editing.create(editor, "Outage", null);
        byte[] body = PresignedUploads.bytes(512, 9);
        CreatingUpload.Ticket ticket = creating.create(editor, asset.id(),
                new CreatingUpload.Request("a.mp4", "video/mp4", (long) body.length, null));
        PresignedUploads.put(ticket.url(), ticket.headers(), body);
        completing.complete(editor, asset.id(), ticket.uploadId(), List.of());

        proxy.cut();
        long started = System.nanoTime();
        PromotingUpload.Promotion promotion = promoting.promote(editor, asset.id(),
                new PromotingUpload.Request(ticket.uploadId(), null, null, null, null));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

        // The relay tries, fails, and keeps the row.
        await().atMost(Duration.ofSeconds(20)).until(() -> outboxRow(promotion.jobId()).get("attempts") instanceof Number n
                && n.intValue() >= 1);
        assertThat(outboxRow(promotion.jobId()).get("published_at")).isNull();
        assertThat(outboxRow(promotion.jobId()).get("last_error")).isNotNull();

        proxy.restore();

        await().atMost(Duration.ofSeconds(45)).until(() -> outboxRow(promotion.jobId()).get("published_at") != null);
        List<JobMessage> onStream = redis.opsForStream().range(services.redisNamespace().jobsStream(), Range.unbounded())
                .stream().map(RedisOutageTest::message).filter(job -> job.jobId().equals(promotion.jobId())).toList();
        assertThat(onStream).isNotEmpty();
        assertThat(onStream.get(0).versionId()).isEqualTo(promotion.versionId());
    }

    Map<String, Object> outboxRow(UUID jobId) {
        return jdbc.sql("select attempts, last_error, published_at from job_outbox where job_id = :job")
                .param("job", jobId).query().singleRow();
    }

    static JobMessage message(MapRecord<String, Object, Object> record) {
        Map<String, String> fields = new HashMap<>();
        record.getValue().forEach((k, v) -> fields.put(k.toString(), v.toString()));
        return JobMessage.fromFields(fields);
    }
}
