package io.reelport.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Reelport presigns upload URLs itself (the SDK's presigner pipeline cost more than the signature);
 * what a client gets must be what the SDK's {@code S3Presigner} would have given, to the byte. The
 * presigner reads the time itself, so each URL is compared with one of ours signed at the second its
 * {@code X-Amz-Date} names. Covered: path-style and virtual-host, AWS without an endpoint, default and
 * other ports, endpoints with a path, keys and upload ids that need encoding, long-term keys from the
 * settings and session credentials, validity from one second to seven days.
 */
class ObjectPresignerTest {

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final StorageProperties.Buckets BUCKETS = new StorageProperties.Buckets("reelport-staging", "m", "p");

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            http://127.0.0.1:9000               | us-east-1 | true  | staging/a/u/clip.mp4     | video/mp4                  | -     | PT1H
            http://minio.local:9000/store/      | us-east-1 | true  | staging/a b/ü+(1).mov    | video/quicktime            | token | PT1S
            http://minio.local:9000/store/      | us-east-1 | false | staging/a/u/~*!$&=,;:@.m4a | audio/mp4                | -     | PT90.5S
            https://fra1.digitaloceanspaces.com | fra1      | false | staging/a/u/Ünïcödé +x.mp4 | "video/mp4 ;  codecs=avc1 " | -  | P7D
            https://s3.eu-west-1.amazonaws.com:443 | eu-west-1 | false | staging/a/u/x+y.wav    | audio/wav                  | token | PT15M
            https://s3.example.com:8443/base    | us-east-1 | true  | /staging//a/u/.jpg       | image/jpeg                 | -     | PT1H
            -                                   | eu-west-1 | false | staging/a/u/clip.mp4     | video/mp4                  | token | PT1H
            """)
    void aPutIsPresignedExactlyAsTheSdkPresignerWould(String endpoint, String region, boolean pathStyle, String key,
                                                      String contentType, String token, Duration validFor) {
        StorageProperties storage = storage(endpoint, region, pathStyle);
        AwsCredentialsProvider credentials = credentials(storage, token);
        PresignedPutObjectRequest sdk = bySdk(storage, credentials, presigner -> presigner.presignPutObject(presign -> presign
                .signatureDuration(validFor)
                .putObjectRequest(put -> put.bucket("reelport-staging").key(key).contentType(contentType).contentLength(5_000_000_000L))));

        ObjectPresigner.PresignedPut ours = new ObjectPresigner(storage, credentials, clockOf(sdk.url()))
                .presignPut("reelport-staging", key, contentType, 5_000_000_000L, validFor);

        assertThat(ours.url()).hasToString(sdk.url().toString());
        // The client's HTTP stack sends Host and Content-Length itself; the rest of what was signed is up to it.
        assertThat(sdk.signedHeaders()).containsOnlyKeys("host", "content-length", "content-type");
        assertThat(ours.headers()).isEqualTo(Map.of("Content-Type", sdk.signedHeaders().get("content-type").get(0)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1:9000               | us-east-1 | true  | staging/a/u/clip.mp4  | 2~iCw/+=x y.Zz_-      | 1     | -
            https://fra1.digitaloceanspaces.com | fra1      | false | staging/a b/ü+(1).mov | 0195a1b2c3d4          | 10000 | token
            http://minio.local:9000/store/      | us-east-1 | true  | staging/a/u/clip.mp4  | ZDk4Mzg1YjMt.4Yg==    | 37    | token
            """)
    void anUploadPartIsPresignedExactlyAsTheSdkPresignerWould(String endpoint, String region, boolean pathStyle, String key,
                                                              String uploadId, int partNumber, String token) {
        StorageProperties storage = storage(endpoint, region, pathStyle);
        AwsCredentialsProvider credentials = credentials(storage, token);
        URL sdk = bySdk(storage, credentials, presigner -> presigner.presignUploadPart(presign -> presign
                .signatureDuration(Duration.ofHours(1))
                .uploadPartRequest(part -> part.bucket("reelport-staging").key(key).uploadId(uploadId).partNumber(partNumber)))).url();

        URI ours = new ObjectPresigner(storage, credentials, clockOf(sdk))
                .presignUploadPart("reelport-staging", key, uploadId, partNumber, Duration.ofHours(1));

        assertThat(ours).hasToString(sdk.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "PT0.999S", "PT-1H", "PT168H0.001S", "P8D"})
    void aValidityOutsideSigV4sBoundsIsRefusedAsTheSdkRefusesIt(Duration validFor) {
        ObjectPresigner presigner = new ObjectPresigner(storage("http://127.0.0.1:9000", "us-east-1", true), Clock.systemUTC());

        assertThatThrownBy(() -> presigner.presignPut("reelport-staging", "k", "video/mp4", 1, validFor))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 second to 7 days");
        assertThatThrownBy(() -> presigner.presignUploadPart("reelport-staging", "k", "u", 1, validFor))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static StorageProperties storage(String endpoint, String region, boolean pathStyle) {
        return new StorageProperties("-".equals(endpoint) ? null : URI.create(endpoint), region, "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", pathStyle, BUCKETS);
    }

    /** The settings' static keys as the services take them, or session credentials. */
    static AwsCredentialsProvider credentials(StorageProperties storage, String token) {
        return "-".equals(token) ? S3Clients.credentials(storage)
                : StaticCredentialsProvider.create(AwsSessionCredentials.create("ASIAEXAMPLE", "session/secret+key", "FwoGZXIvYXdzE//tok en=="));
    }

    static <T> T bySdk(StorageProperties storage, AwsCredentialsProvider credentials, Function<S3Presigner, T> presign) {
        try (S3Presigner presigner = SdkPresigners.of(storage, credentials)) {
            return presign.apply(presigner);
        }
    }

    /** A clock stopped at the second the SDK signed at. */
    static Clock clockOf(URL presigned) {
        String amzDate = presigned.getQuery().replaceAll(".*X-Amz-Date=([0-9TZ]+).*", "$1");
        return Clock.fixed(Instant.from(AMZ_DATE.parse(amzDate)), ZoneOffset.UTC);
    }
}
