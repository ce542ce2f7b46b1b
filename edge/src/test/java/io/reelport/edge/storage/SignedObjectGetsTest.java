package io.reelport.edge.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.common.storage.StorageProperties;
import io.reelport.edge.support.MutableClock;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * The edge's miss GET, signed in its headers. Where it goes is {@code ObjectAddresses}' (common), tested
 * there; here each request must carry what SigV4 for S3 requires (the payload hash header, signed with
 * the host), exactly as the SDK's signer would sign it.
 */
class SignedObjectGetsTest {

    static final StorageProperties.Buckets BUCKETS = new StorageProperties.Buckets("s", "m", "reelport-previews");

    /**
     * The edge computes SigV4 itself (the SDK's signer was the costliest step of a miss); what it
     * sends must be what the SDK's signer would send for the same GET at the same instant: same
     * headers, same Authorization. Covered: a port or none, path-style and virtual-host, keys that need
     * encoding, a session token, and a day boundary (the cached signing key must roll over).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1:9000      | us-east-1 | true  | previews/a/v/hls/720p/seg_00001.m4s | -     | 2026-11-26T10:15:30Z
            https://fra1.digitaloceanspaces.com | fra1 | false | previews/a b/ü+(1).jpg     | -     | 2026-11-26T23:59:59Z
            https://s3.eu-west-1.amazonaws.com:443 | eu-west-1 | false | previews/x/y/z.json  | token | 2026-11-27T00:00:00Z
            http://minio.local:9000/store/ | us-east-1 | true | previews/a/v/poster.jpg        | token | 2027-01-01T00:00:01Z
            """)
    void signsExactlyAsTheSdkSignerWould(String endpoint, String region, boolean pathStyle, String key, String token,
                                         String at) {
        AwsCredentials credentials = "-".equals(token)
                ? AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
                : AwsSessionCredentials.create("ASIAEXAMPLE", "session/secret+key", "FwoGZXIvYXdzE//token==");
        StorageProperties storage = new StorageProperties(URI.create(endpoint), region, null, null, pathStyle, BUCKETS);
        MutableClock clock = new MutableClock();
        SignedObjectGets gets = new SignedObjectGets(storage, "reelport-previews", StaticCredentialsProvider.create(credentials), clock);
        clock.set(Instant.parse("2026-11-25T12:00:00Z"));
        gets.get(key); // the signing key of another day is cached now: the next GET must not use it
        clock.set(Instant.parse(at));
        SignedObjectGets.SignedGet ours = gets.get(key);

        SdkHttpRequest sdk = AwsV4HttpSigner.create().sign(request -> request
                .identity(credentials)
                .request(SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(ours.uri()).build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(Instant.parse(at), ZoneOffset.UTC))
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)).request();

        assertThat(ours.headers()).isEqualTo(sdk.headers());
    }
}
