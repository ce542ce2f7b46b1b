package io.reelport.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The consumer's rules that need no Redis: backoff, what is worth retrying, event order. */
class JobConsumerRulesTest {

    @Test
    void backoffDoublesPerAttemptUpToItsCap() {
        Duration base = Duration.ofSeconds(10);
        Duration cap = Duration.ofMinutes(10);
        assertThat(JobConsumer.backoff(1, base, cap)).isEqualTo(Duration.ofSeconds(10));
        assertThat(JobConsumer.backoff(2, base, cap)).isEqualTo(Duration.ofSeconds(20));
        assertThat(JobConsumer.backoff(4, base, cap)).isEqualTo(Duration.ofSeconds(80));
        assertThat(JobConsumer.backoff(8, base, cap)).isEqualTo(cap);
        assertThat(JobConsumer.backoff(60, base, cap)).isEqualTo(cap);
    }

    @Test
    void attemptsComeInRoundsSoAnOperatorRetryAfterADeadLetterStartsAfresh() {
        assertThat(JobConsumer.lastOfRound(4, 5)).isFalse();
        assertThat(JobConsumer.lastOfRound(5, 5)).isTrue();
        // the backend's retry of a dead-lettered job sends attempt 6: first of a new round
        assertThat(JobConsumer.attemptInRound(6, 5)).isEqualTo(1);
        assertThat(JobConsumer.lastOfRound(6, 5)).isFalse();
        assertThat(JobConsumer.lastOfRound(10, 5)).isTrue();
        assertThat(JobConsumer.lastOfRound(1, 1)).isTrue();
    }

    @Test
    void storageAndIoTroubleIsRetryableBadInputIsNot() {
        assertThat(JobConsumer.classify(SdkClientException.create("connection refused")))
                .satisfies(failure -> {
                    assertThat(failure.code()).isEqualTo(JobFailure.STORAGE_UNAVAILABLE);
                    assertThat(failure.retryable()).isTrue();
                });
        assertThat(JobConsumer.classify(new UncheckedIOException(new IOException("disk full"))).retryable()).isTrue();
        JobFailure mismatch = JobFailure.permanent(JobFailure.CHECKSUM_MISMATCH, "differs");
        assertThat(JobConsumer.classify(mismatch)).isSameAs(mismatch);
        assertThat(JobConsumer.classify(new IllegalStateException("bug"))).satisfies(failure -> {
            assertThat(failure.code()).isEqualTo(JobFailure.INTERNAL_ERROR);
            assertThat(failure.retryable()).isTrue();
        });
    }

    @Test
    void eventSequencesNeverGoBackwardsEvenWhenTheClockDoes() {
        Instant now = Instant.parse("2026-11-26T03:00:00Z");
        MutableClock clock = new MutableClock(now);
        EventSequence sequence = new EventSequence(clock);
        long first = sequence.next();
        assertThat(first).isEqualTo(now.getEpochSecond() * 1_000_000);
        assertThat(sequence.next()).isEqualTo(first + 1);
        clock.now = now.minusSeconds(5);
        assertThat(sequence.next()).isEqualTo(first + 2);
        clock.now = now.plusSeconds(1);
        assertThat(sequence.next()).isEqualTo(first + 1_000_000);
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    }

    @Test
    void progressPercentSpansTheWholeJob() {
        assertThat(JobControl.Stage.INGEST.percent(0)).isZero();
        assertThat(JobControl.Stage.INGEST.percent(1)).isEqualTo(10);
        assertThat(JobControl.Stage.TRANSCODE.percent(0.5)).isEqualTo(50);
        assertThat(JobControl.Stage.UPLOAD.percent(1)).isEqualTo(100);
        assertThat(JobControl.Stage.UPLOAD.percent(7)).isEqualTo(100);
    }
}
