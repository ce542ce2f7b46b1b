package io.reelport.edge.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    @Test
    void refillsAtTheConfiguredRateUpToTheBurst() {
        TokenBuckets buckets = new TokenBuckets(10, 2);
        long t = 1_000_000_000L;

        assertThat(buckets.tryTake("a", t)).isTrue();
        assertThat(buckets.tryTake("a", t)).isTrue();
        assertThat(buckets.tryTake("a", t)).isFalse();
        assertThat(buckets.tryTake("b", t)).as("buckets are per client").isTrue();
        assertThat(buckets.tryTake("a", t + 100_000_000L)).as("one token after 100 ms at 10/s").isTrue();
        assertThat(buckets.tryTake("a", t + 100_000_000L)).isFalse();
        assertThat(buckets.tryTake("a", t + 60_000_000_000L)).isTrue();
        assertThat(buckets.tryTake("a", t + 60_000_000_000L)).isTrue();
        assertThat(buckets.tryTake("a", t + 60_000_000_000L)).as("never more than the burst").isFalse();
    }
}
