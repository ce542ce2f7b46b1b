package io.reelport.common.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/** The signing key is cached per day and secret: a new day, or credentials the chain refreshed, get a new one. */
class S3SigV4Test {

    final AtomicReference<AwsCredentials> credentials = new AtomicReference<>(AwsBasicCredentials.create("AK", "first secret"));
    final Instant midnight = Instant.parse("2026-11-27T00:00:00Z");

    @Test
    void aSigningKeyCachedOnAnotherDayOrForAnotherSecretIsNotUsed() {
        S3SigV4 reused = new S3SigV4("fra1", credentials::get);
        signature(reused, midnight.minusSeconds(1));

        assertThat(signature(reused, midnight)).isEqualTo(signature(new S3SigV4("fra1", credentials::get), midnight));

        credentials.set(AwsBasicCredentials.create("AK", "rotated secret"));
        assertThat(signature(reused, midnight)).isEqualTo(signature(new S3SigV4("fra1", credentials::get), midnight));
    }

    static String signature(S3SigV4 sigV4, Instant at) {
        return sigV4.at(at).signature("GET", "/k", "", new TreeMap<>(Map.of("host", "h")), S3SigV4.EMPTY_PAYLOAD_SHA256);
    }
}
