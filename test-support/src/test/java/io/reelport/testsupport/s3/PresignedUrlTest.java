package io.reelport.testsupport.s3;

import io.reelport.testsupport.http.TestHttp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The test S3 API checks signatures for real: what a client does with a presigned URL from the
 * backend is exactly what these requests do, through a plain HTTP client with no AWS code.
 */
class PresignedUrlTest {

    private static final HttpClient HTTP = TestHttp.client();
    private static StorageProperties storage;
    private static S3Client s3;
    private static S3Presigner presigner;

    @BeforeAll
    static void buckets() {
        storage = TestS3.createBuckets();
        s3 = S3Clients.client(storage);
        presigner = S3Clients.presigner(storage);
    }

    @AfterAll
    static void close() {
        s3.close();
        presigner.close();
    }

    @Test
    void presignedPutUploadsTheBytesAPlainHttpClientSends() throws Exception {
        byte[] body = "bytes a browser would upload\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        URI url = presignPut("staging/asset/upload/clip.mp4", "video/mp4", Duration.ofMinutes(5));

        HttpResponse<String> response = put(url, "video/mp4", body);

        assertThat(response.statusCode()).as("PUT %s answered %s", url, response.body()).isEqualTo(200);
        ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(request -> request
                .bucket(storage.buckets().staging()).key("staging/asset/upload/clip.mp4"));
        assertThat(stored.asByteArray()).isEqualTo(body);
        assertThat(stored.response().contentType()).isEqualTo("video/mp4");
        assertThat(stored.response().contentLength()).isEqualTo(body.length);
    }

    @Test
    void presignedGetDownloadsTheObject() throws Exception {
        s3.putObject(request -> request.bucket(storage.buckets().previews()).key("previews/a/v/poster.jpg"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("jpeg bytes"));
        URI url = presigner.presignGetObject(request -> request
                        .signatureDuration(Duration.ofMinutes(5))
                        .getObjectRequest(get -> get.bucket(storage.buckets().previews()).key("previews/a/v/poster.jpg")))
                .url().toURI();

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("jpeg bytes");
    }

    @Test
    void aPresignedUrlForAnotherKeyIsRefused() throws Exception {
        URI url = presignPut("staging/asset/upload/granted.mp4", "video/mp4", Duration.ofMinutes(5));
        URI tampered = URI.create(url.toString().replace("granted.mp4", "other.mp4"));

        HttpResponse<String> response = put(tampered, "video/mp4", new byte[] {1, 2, 3});

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(exists(storage.buckets().staging(), "staging/asset/upload/other.mp4")).isFalse();
    }

    @Test
    void aPresignedUrlWithAnAlteredSignatureIsRefused() throws Exception {
        URI url = presignPut("staging/asset/upload/signed.mp4", "video/mp4", Duration.ofMinutes(5));
        String signature = url.getRawQuery().replaceAll(".*X-Amz-Signature=([0-9a-f]+).*", "$1");
        String altered = (signature.charAt(0) == '0' ? "1" : "0") + signature.substring(1);
        URI tampered = URI.create(url.toString().replace(signature, altered));

        HttpResponse<String> response = put(tampered, "video/mp4", new byte[] {1, 2, 3});

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(exists(storage.buckets().staging(), "staging/asset/upload/signed.mp4")).isFalse();
    }

    @Test
    void anExpiredPresignedUrlIsRefused() throws Exception {
        URI url = presignPut("staging/asset/upload/late.mp4", "video/mp4", Duration.ofSeconds(1));
        Thread.sleep(2_500);

        HttpResponse<String> response = put(url, "video/mp4", new byte[] {1, 2, 3});

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(exists(storage.buckets().staging(), "staging/asset/upload/late.mp4")).isFalse();
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

    private URI presignPut(String key, String contentType, Duration validFor) throws Exception {
        return presigner.presignPutObject(request -> request
                        .signatureDuration(validFor)
                        .putObjectRequest(put -> put.bucket(storage.buckets().staging()).key(key).contentType(contentType)))
                .url().toURI();
    }

    private static HttpResponse<String> put(URI url, String contentType, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url)
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
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
