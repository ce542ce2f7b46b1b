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
import io.reelport.backend.version.PromotingUpload;
import io.reelport.backend.version.Version;
import io.reelport.backend.version.VersionStatus;
import io.reelport.backend.version.Versions;
import io.reelport.common.jobs.JobEvent;
import io.reelport.backend.user.EmailAddress;
import io.reelport.backend.user.UserAccount;
import io.reelport.backend.user.UserAccounts;
import io.reelport.common.redis.RedisNamespace;
import io.reelport.testsupport.Need;
import io.reelport.testsupport.ReelportTestProperties;
import io.reelport.testsupport.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessages;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two backend instances on one events stream: the first reads a job's events and dies before it
 * applies or acknowledges them; the second takes them over once they have been idle for the claim
 * timeout and applies each exactly once. The instances' own consumer loop is off here: the test
 * drives two consumers (real Redis, PostgreSQL and S3) pass by pass.
 */
@SpringBootTest(properties = {"reelport.jobs.events-enabled=false", "reelport.jobs.events-claim-idle=2s"})
class AbandonedEventsTest {

    private static final Duration NO_WAIT = Duration.ofMillis(10);

    static TestServices services;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        services = ReelportTestProperties.register(registry, Need.POSTGRES, Need.REDIS, Need.S3);
    }

    @Autowired UserAccounts users;

    @Autowired EditingAsset editing;
    @Autowired CreatingUpload creating;
    @Autowired CompletingUpload completing;
    @Autowired PromotingUpload promoting;
    @Autowired Versions versions;
    @Autowired Jobs jobs;
    @Autowired ApplyingJobEvent applying;
    @Autowired ProgressFanOut fanOut;
    @Autowired JobsProperties properties;
    @Autowired StringRedisTemplate redis;

    /** Another backend instance: its own consumer name in the same group, the same database. */
    JobEventsConsumer instance() {
        return new JobEventsConsumer(redis, services.redisNamespace(), applying, fanOut, properties);
    }

    @Test
    void eventsADeadInstanceReadAreClaimedAfterTheIdleTimeoutAndAppliedOnce() throws Exception {
        String stream = services.redisNamespace().eventsStream();
        JobEventsConsumer survivor = instance();
        survivor.consumeOnce(NO_WAIT); // makes the group and drains whatever earlier tests left
        PromotingUpload.Promotion promotion = promotedVersion();
        List<AssetProgress> fannedOut = new CopyOnWriteArrayList<>();
        AutoCloseable following = fanOut.subscribe(promotion.assetId(), fannedOut::add);
        emit(new JobEvent.Started(header(promotion, 1)));
        emit(new JobEvent.Progress(header(promotion, 2), 40, "transcode"));

        // The first instance reads both (XREADGROUP, as its consumer does) and dies before applying them.
        List<MapRecord<String, Object, Object>> takenByTheDead = redis.opsForStream().read(
                Consumer.from(RedisNamespace.BACKEND_GROUP, "backend-that-died"), StreamReadOptions.empty().count(10),
                StreamOffset.create(stream, ReadOffset.lastConsumed()));
        assertThat(takenByTheDead).hasSize(2);

        // Within the idle timeout they are still the dead instance's: nothing is taken or applied.
        assertThat(survivor.consumeOnce(NO_WAIT)).isZero();
        assertThat(versions.find(promotion.versionId()).orElseThrow().status()).isEqualTo(VersionStatus.PROMOTING);
        assertThat(pending(stream).get(0).getConsumerName()).isEqualTo("backend-that-died");

        Thread.sleep(properties.eventsClaimIdle().plusMillis(200).toMillis());
        assertThat(survivor.consumeOnce(NO_WAIT)).isEqualTo(2);

        Version applied = versions.find(promotion.versionId()).orElseThrow();
        assertThat(applied.status()).isEqualTo(VersionStatus.PROCESSING);
        assertThat(applied.progress()).isEqualTo(40);
        Job job = jobs.find(promotion.jobId()).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(job.progress()).isEqualTo(40);
        assertThat(pending(stream)).as("both acknowledged").isEmpty();
        // Applied once each: one fan-out per event, and neither instance nor a third one finds them again.
        await().atMost(Duration.ofSeconds(5)).until(() -> fannedOut.size() == 2);
        assertThat(fannedOut).extracting(AssetProgress::event).containsExactly("started", "progress");
        assertThat(survivor.consumeOnce(NO_WAIT)).isZero();
        Thread.sleep(properties.eventsClaimIdle().plusMillis(200).toMillis());
        assertThat(instance().consumeOnce(NO_WAIT)).isZero();
        Thread.sleep(500);
        assertThat(fannedOut).hasSize(2);
        following.close();
    }

    PendingMessages pending(String stream) {
        return redis.opsForStream().pending(stream, RedisNamespace.BACKEND_GROUP, Range.unbounded(), 10);
    }

    void emit(JobEvent event) {
        redis.opsForStream().add(MapRecord.create(services.redisNamespace().eventsStream(), event.toFields()));
    }

    static JobEvent.Header header(PromotingUpload.Promotion promotion, long sequence) {
        return new JobEvent.Header(promotion.jobId(), promotion.assetId(), promotion.versionId(), 1, sequence,
                Instant.now(), "test-worker");
    }

    /** A new asset's upload, promoted: a version waiting for its job's events. */
    PromotingUpload.Promotion promotedVersion() throws Exception {
        UserAccount account = users.save(new UserAccount(UUID.randomUUID(),
                EmailAddress.parse(UUID.randomUUID() + "@example.com"), "not-a-hash", Role.EDITOR, Instant.now()));
        Caller editor = Caller.user(account.id(), Role.EDITOR);
        Asset asset = editing.create(editor, "Abandoned " + UUID.randomUUID(), null);
        byte[] body = PresignedUploads.bytes(2048, 3);
        CreatingUpload.Ticket ticket = creating.create(editor, asset.id(),
                new CreatingUpload.Request("clip.mp4", "video/mp4", (long) body.length, null));
        assertThat(PresignedUploads.put(ticket.url(), ticket.headers(), body).statusCode()).isEqualTo(200);
        completing.complete(editor, asset.id(), ticket.uploadId(), List.of());
        return promoting.promote(editor, asset.id(), new PromotingUpload.Request(ticket.uploadId(), null, null, null, null));
    }
}
