package io.reelport.testsupport.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelport.common.storage.ObjectPresigner;
import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.SdkPresigners;
import io.reelport.common.storage.StorageProperties;
import io.reelport.testsupport.http.TestHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The test S3 API checks signatures and expiry for real: what a client does with a presigned URL from
 * the backend ({@link ObjectPresigner}) is exactly what these requests do, through a plain HTTP client
 * with no AWS code.
 */
class PresignedUrlTest {

    private static final HttpClient HTTP = TestHttp.client();
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static StorageProperties storage;
    private static S3Client s3;
    private static ObjectPresigner presigner;

    @BeforeAll
    static void buckets() {
        storage = TestS3.createBuckets();
        s3 = S3Clients.client(storage);
        presigner = new ObjectPresigner(storage, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    @Test
    void presignedPutUploadsTheBytesAPlainHttpClientSends() throws Exception {
        byte[] body = "bytes a browser would upload\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        ObjectPresigner.PresignedPut put = presigner.presignPut(storage.buckets().staging(), "staging/asset/upload/a clip+ü.mp4",
                "video/mp4", body.length, FIVE_MINUTES);

        HttpResponse<String> response = put(put.url(), put.headers(), body);

        assertThat(response.statusCode()).as("PUT %s answered %s", put.url(), response.body()).isEqualTo(200);
        ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(request -> request
                .bucket(storage.buckets().staging()).key("staging/asset/upload/a clip+ü.mp4"));
        assertThat(stored.asByteArray()).isEqualTo(body);
        assertThat(stored.response().contentType()).isEqualTo("video/mp4");
        assertThat(stored.response().contentLength()).isEqualTo(body.length);
    }

    @Test
    void presignedGetDownloadsTheObject() throws Exception {
        s3.putObject(request -> request.bucket(storage.buckets().previews()).key("previews/a/v/poster.jpg"),
                RequestBody.fromString("jpeg bytes"));
        URI url;
        try (S3Presigner sdk = SdkPresigners.of(storage)) {
            url = sdk.presignGetObject(request -> request
                            .signatureDuration(FIVE_MINUTES)
                            .getObjectRequest(get -> get.bucket(storage.buckets().previews()).key("previews/a/v/poster.jpg")))
                    .url().toURI();
        }

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("jpeg bytes");
    }

    @Test
    void aPresignedUrlForAnotherKeyIsRefused() throws Exception {
        ObjectPresigner.PresignedPut put = presignPut("staging/asset/upload/granted.mp4", 3, Clock.systemUTC(), FIVE_MINUTES);
        URI tampered = URI.create(put.url().toString().replace("granted.mp4", "other.mp4"));

        assertRefused(put(tampered, put.headers(), new byte[] {1, 2, 3}), "staging/asset/upload/other.mp4");
    }

    @Test
    void aPresignedUrlWithAnAlteredSignatureIsRefused() throws Exception {
        ObjectPresigner.PresignedPut put = presignPut("staging/asset/upload/signed.mp4", 3, Clock.systemUTC(), FIVE_MINUTES);
        String signature = put.url().getRawQuery().replaceAll(".*X-Amz-Signature=([0-9a-f]+).*", "$1");
        String altered = (signature.charAt(0) == '0' ? "1" : "0") + signature.substring(1);
        URI tampered = URI.create(put.url().toString().replace(signature, altered));

        assertRefused(put(tampered, put.headers(), new byte[] {1, 2, 3}), "staging/asset/upload/signed.mp4");
    }

    @Test
    void aPutWithAnotherContentTypeIsRefused() throws Exception {
        ObjectPresigner.PresignedPut put = presignPut("staging/asset/upload/typed.mp4", 3, Clock.systemUTC(), FIVE_MINUTES);

        assertRefused(put(put.url(), Map.of("Content-Type", "text/html"), new byte[] {1, 2, 3}), "staging/asset/upload/typed.mp4");
    }

    @Test
    void aBodyOfAnotherLengthIsRefused() throws Exception {
        ObjectPresigner.PresignedPut put = presignPut("staging/asset/upload/sized.mp4", 3, Clock.systemUTC(), FIVE_MINUTES);

        assertRefused(put(put.url(), put.headers(), new byte[] {1, 2, 3, 4}), "staging/asset/upload/sized.mp4");
    }

    /**
     * Signed two minutes ago: valid for one minute it has expired, valid for five it has not, so the
     * refusal is the expiry's and not the signing time's.
     */
    @Test
    void anExpiredPresignedUrlIsRefused() throws Exception {
        Clock twoMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-2));
        ObjectPresigner.PresignedPut expired = presignPut("staging/asset/upload/late.mp4", 3, twoMinutesAgo, Duration.ofMinutes(1));
        ObjectPresigner.PresignedPut valid = presignPut("staging/asset/upload/in-time.mp4", 3, twoMinutesAgo, FIVE_MINUTES);

        assertRefused(put(expired.url(), expired.headers(), new byte[] {1, 2, 3}), "staging/asset/upload/late.mp4");
        assertThat(put(valid.url(), valid.headers(), new byte[] {1, 2, 3}).statusCode()).isEqualTo(200);
    }

    @Test
    void requestsSignedWithTheWrongSecretAreRefused() {
        StorageProperties wrongSecret = new StorageProperties(storage.endpoint(), storage.region(), storage.accessKey(),
                storage.secretKey() + "x", storage.pathStyle(), storage.buckets());
        try (S3Client impostor = S3Clients.client(wrongSecret)) {
            assertThatThrownBy(() -> impostor.listObjectsV2(request -> request.bucket(storage.buckets().staging())))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    /** What the backend hands out above the multipart threshold: one presigned PUT per part, then completion. */
    @Test
    void partsPutThroughPresignedUploadPartUrlsCompleteAMultipartUpload() throws Exception {
        String bucket = storage.buckets().staging();
        String key = "staging/asset/upload/large clip.mov";
        String uploadId = s3.createMultipartUpload(create -> create.bucket(bucket).key(key).contentType("video/quicktime"))
                .uploadId();
        byte[] body = new byte[5 * 1024 * 1024 + 1000];
        new Random(7).nextBytes(body);
        List<byte[]> chunks = List.of(Arrays.copyOfRange(body, 0, 5 * 1024 * 1024), Arrays.copyOfRange(body, 5 * 1024 * 1024, body.length));

        List<CompletedPart> parts = new ArrayList<>();
        for (int partNumber = 1; partNumber <= chunks.size(); partNumber++) {
            URI url = presigner.presignUploadPart(bucket, key, uploadId, partNumber, FIVE_MINUTES);
            HttpResponse<String> response = put(url, Map.of(), chunks.get(partNumber - 1));
            assertThat(response.statusCode()).as("part %s answered %s", partNumber, response.body()).isEqualTo(200);
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(response.headers().firstValue("ETag").orElseThrow()).build());
        }
        s3.completeMultipartUpload(complete -> complete.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(upload -> upload.parts(parts)));

        ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(request -> request.bucket(bucket).key(key));
        assertThat(stored.asByteArray()).isEqualTo(body);
        assertThat(stored.response().contentType()).isEqualTo("video/quicktime");
    }

    @Test
    void aPartUrlUsedForAnotherPartIsRefused() throws Exception {
        String bucket = storage.buckets().staging();
        String key = "staging/asset/upload/parts.mov";
        String uploadId = s3.createMultipartUpload(create -> create.bucket(bucket).key(key)).uploadId();
        URI url = presigner.presignUploadPart(bucket, key, uploadId, 1, FIVE_MINUTES);
        URI otherPart = URI.create(url.toString().replace("partNumber=1&", "partNumber=2&"));

        HttpResponse<String> response = put(otherPart, Map.of(), new byte[] {1, 2, 3});

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(s3.listParts(list -> list.bucket(bucket).key(key).uploadId(uploadId)).parts()).isEmpty();
    }

    private static ObjectPresigner.PresignedPut presignPut(String key, long size, Clock clock, Duration validFor) {
        return new ObjectPresigner(storage, clock).presignPut(storage.buckets().staging(), key, "video/mp4", size, validFor);
    }

    private static HttpResponse<String> put(URI url, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response, String key) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(exists(storage.buckets().staging(), key)).isFalse();
    }

    private static boolean exists(String bucket, String key) {
        try {
            s3.headObject(request -> request.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
