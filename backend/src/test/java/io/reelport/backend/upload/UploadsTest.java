package io.reelport.backend.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.reelport.backend.asset.Refusals.assertRefused;

import io.reelport.backend.UseCaseTest;
import io.reelport.backend.asset.Asset;
import io.reelport.backend.asset.EditingAsset;
import io.reelport.backend.auth.Caller;
import io.reelport.backend.auth.Role;
import io.reelport.common.storage.S3Clients;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Presigned uploads against real s3proxy (which checks the signatures) and PostgreSQL, without HTTP to the backend. */
class UploadsTest extends UseCaseTest {

    @Autowired EditingAsset editing;
    @Autowired CreatingUpload creating;
    @Autowired CompletingUpload completing;
    @Autowired AbortingUpload aborting;
    @Autowired StaleUploadCleanup staleCleanup;
    @Autowired Uploads uploads;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    Caller editor;

    @BeforeEach
    void editor() {
        editor = user(Role.EDITOR);
    }

    Asset asset() {
        return editing.create(editor, "Interview", null);
    }

    boolean stagingHas(String key) {
        try (S3Client s3 = S3Clients.client(services.storage())) {
            s3.headObject(request -> request.bucket(services.storage().buckets().staging()).key(key));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException missing) {
            return false;
        }
    }

    @Test
    void aSmallFileIsOnePresignedPutThenCompletes() throws Exception {
        Asset asset = asset();
        byte[] body = PresignedUploads.bytes(100_000, 1);
        CreatingUpload.Ticket ticket = creating.create(editor, asset.id(),
                new CreatingUpload.Request("../../My Clip.MP4", "video/mp4", (long) body.length, null));

        assertThat(ticket.multipart()).isFalse();
        assertThat(ticket.filename()).isEqualTo("My Clip.MP4");
        assertThat(ticket.headers()).containsEntry("Content-Type", "video/mp4");
        assertThat(ticket.expiresAt()).isAfter(java.time.Instant.now().plus(Duration.ofMinutes(59)));
        HttpResponse<String> put = PresignedUploads.put(ticket.url(), ticket.headers(), body);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        Upload completed = completing.complete(editor, asset.id(), ticket.uploadId(), List.of());

        assertThat(completed.status()).isEqualTo(UploadStatus.COMPLETED);
        assertThat(completed.stagingKey()).isEqualTo("staging/" + asset.id() + "/" + ticket.uploadId() + "/My Clip.MP4");
        // Completing again is harmless.
        assertThat(completing.complete(editor, asset.id(), ticket.uploadId(), List.of()).status())
                .isEqualTo(UploadStatus.COMPLETED);
    }

    @Test
    void completeRefusesAMissingObjectAndChangesNothing() throws Exception {
        Asset asset = asset();
        CreatingUpload.Ticket ticket = creating.create(editor, asset.id(),
                new CreatingUpload.Request("a.mp4", "video/mp4", 1000L, null));

        assertRefused(() -> completing.complete(editor, asset.id(), ticket.uploadId(), List.of()),
                HttpStatus.CONFLICT, "upload_missing");
        assertThat(uploads.find(ticket.uploadId()).orElseThrow().status()).isEqualTo(UploadStatus.PENDING);

        // The same URL still works, and complete then succeeds.
        assertThat(PresignedUploads.put(ticket.url(), ticket.headers(), PresignedUploads.bytes(1000, 2)).statusCode())
                .isEqualTo(200);
        assertThat(completing.complete(editor, asset.id(), ticket.uploadId(), List.of()).status())
                .isEqualTo(UploadStatus.COMPLETED);
    }

    @Test
    void completeRefusesAnObjectOfAnotherSize() throws Exception {
        Asset asset = asset();
        CreatingUpload.Ticket ticket = creating.create(editor, asset.id(),
                new CreatingUpload.Request("a.mp4", "video/mp4", 5000L, null));
        // The signature binds the declared length, so storage itself refuses other sizes...
        HttpResponse<String> wrong = PresignedUploads.put(ticket.url(), ticket.headers(), PresignedUploads.bytes(4000, 3));
        if (wrong.statusCode() == 200) {
            // ...and where it does not, complete does.
            assertRefused(() -> completing.complete(editor, asset.id(), ticket.uploadId(), List.of()),
                    HttpStatus.CONFLICT, "upload_size_mismatch");
        } else {
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertRefused(() -> completing.complete(editor, asset.id(), ticket.uploadId(), List.of()),
                    HttpStatus.CONFLICT, "upload_missing");
        }
        assertThat(uploads.find(ticket.uploadId()).orElseThrow().status()).isEqualTo(UploadStatus.PENDING);
    }

    @Test
    void completeRefusesAnObjectOfAnotherSizePutOutsideTheTicket() {
        Asset asset = asset();
        CreatingUpload.Ticket ticket = creating.create(editor, asset.id(),
                new CreatingUpload.Request("a.mp4", "video/mp4", 5000L, null));
        String key = uploads.find(ticket.uploadId()).orElseThrow().stagingKey();
        try (S3Client s3 = S3Clients.client(services.storage())) {
            s3.putObject(request -> request.bucket(services.storage().buckets().staging()).key(key),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(PresignedUploads.bytes(4000, 3)));
        }

        assertRefused(() -> completing.complete(editor, asset.id(), ticket.uploadId(), List.of()),
                HttpStatus.CONFLICT, "upload_size_mismatch");
        assertThat(uploads.find(ticket.uploadId()).orElseThrow().status()).isEqualTo(UploadStatus.PENDING);
    }

    @Test
    void refusesDisallowedTypesMismatchedExtensionsAndOversizedFiles() {
        Asset asset = asset();
        assertRefused(() -> creating.create(editor, asset.id(), new CreatingUpload.Request("a.pdf", "application/pdf", 10L, null)),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "upload_content_type_not_allowed");
        assertRefused(() -> creating.create(editor, asset.id(), new CreatingUpload.Request("notes.exe", "video/mp4", 10L, null)),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "upload_extension_mismatch");
        assertRefused(() -> creating.create(editor, asset.id(), new CreatingUpload.Request("big.mov", "video/quicktime",
                20L * 1024 * 1024 + 1, null)), HttpStatus.CONTENT_TOO_LARGE, "upload_too_large");
        assertRefused(() -> creating.create(editor, asset.id(), new CreatingUpload.Request("a.mp4", "video/mp4", 0L, null)),
                HttpStatus.BAD_REQUEST, "upload_size_required");
        assertRefused(() -> creating.create(editor, asset.id(), new CreatingUpload.Request("a.mp4", "video/mp4", 10L, "abc")),
                HttpStatus.BAD_REQUEST, "sha256_invalid");
        assertRefused(() -> creating.create(editor, asset.id(), new CreatingUpload.Request(" ", "video/mp4", 10L, null)),
                HttpStatus.BAD_REQUEST, "upload_filename_required");
        // Parameters and case in the content type are fine.
        assertThat(creating.create(editor, asset.id(), new CreatingUpload.Request("song.MP3", "Audio/MPEG; charset=x", 10L, null))
                .contentType()).isEqualTo("audio/mpeg");
    }

    @Test
    void onlyTheOwnerOrAnAdminUploadsToAnAsset() {
        Asset asset = asset();
        CreatingUpload.Request request = new CreatingUpload.Request("a.mp4", "video/mp4", 10L, null);
        assertRefused(() -> creating.create(user(Role.EDITOR), asset.id(), request),
                HttpStatus.FORBIDDEN, "asset_forbidden");
        assertRefused(() -> creating.create(Caller.user(editor.userId(), Role.VIEWER), asset.id(), request),
                HttpStatus.FORBIDDEN, "asset_forbidden");
        assertRefused(() -> creating.create(editor, UUID.randomUUID(), request), HttpStatus.NOT_FOUND, "asset_not_found");
        assertThat(creating.create(user(Role.ADMIN), asset.id(), request).uploadId()).isNotNull();
    }

    @Test
    void aLargeFileIsAMultipartUploadWithOneUrlPerPart() throws Exception {
        Asset asset = asset();
        byte[] body = PresignedUploads.bytes(12 * 1024 * 1024 + 17, 4);
        CreatingUpload.Ticket ticket = creating.create(editor, asset.id(),
                new CreatingUpload.Request("long take.mkv", "video/x-matroska", (long) body.length, null));

        assertThat(ticket.multipart()).isTrue();
        assertThat(ticket.url()).isNull();
        assertThat(ticket.partSize()).isEqualTo(5L * 1024 * 1024);
        assertThat(ticket.parts()).extracting(CreatingUpload.Part::partNumber).containsExactly(1, 2, 3);

        List<CompletingUpload.PartETag> etags = new ArrayList<>();
        for (CreatingUpload.Part part : ticket.parts()) {
            int from = (int) ((part.partNumber() - 1) * ticket.partSize());
            byte[] chunk = Arrays.copyOfRange(body, from, (int) Math.min(body.length, from + ticket.partSize()));
            HttpResponse<String> put = PresignedUploads.put(part.url(), null, chunk);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            etags.add(new CompletingUpload.PartETag(part.partNumber(), put.headers().firstValue("ETag").orElseThrow()));
        }

        // Missing parts are refused before anything is completed, so the client can still send them.
        assertRefused(() -> completing.complete(editor, asset.id(), ticket.uploadId(), etags.subList(0, 2)),
                HttpStatus.BAD_REQUEST, "upload_parts_invalid");
        assertRefused(() -> completing.complete(editor, asset.id(), ticket.uploadId(), List.of()),
                HttpStatus.BAD_REQUEST, "upload_parts_required");

        Upload completed = completing.complete(editor, asset.id(), ticket.uploadId(), etags);

        assertThat(completed.status()).isEqualTo(UploadStatus.COMPLETED);
        try (S3Client s3 = S3Clients.client(services.storage())) {
            byte[] stored = s3.getObjectAsBytes(request -> request.bucket(services.storage().buckets().staging())
                    .key(completed.stagingKey())).asByteArray();
            assertThat(stored).isEqualTo(body);
        }
    }

    @Test
    void multipartWithTooFewBytesIsRefusedBeforeCompleting() throws Exception {
        Asset asset = asset();
        long declared = 11L * 1024 * 1024;
        CreatingUpload.Ticket ticket = creating.create(editor, asset.id(),
                new CreatingUpload.Request("a.mp4", "video/mp4", declared, null));
        List<CompletingUpload.PartETag> etags = new ArrayList<>();
        for (CreatingUpload.Part part : ticket.parts()) {
            HttpResponse<String> put = PresignedUploads.put(part.url(), null, PresignedUploads.bytes(5 * 1024 * 1024, 5));
            etags.add(new CompletingUpload.PartETag(part.partNumber(), put.headers().firstValue("ETag").orElseThrow()));
        }

        assertRefused(() -> completing.complete(editor, asset.id(), ticket.uploadId(), etags),
                HttpStatus.CONFLICT, "upload_size_mismatch");
        assertThat(uploads.find(ticket.uploadId()).orElseThrow().status()).isEqualTo(UploadStatus.PENDING);
    }

    @Test
    void staleUploadsAreExpiredWithTheirObjectsAndMultipartUploads() throws Exception {
        Asset asset = asset();
        CreatingUpload.Ticket single = creating.create(editor, asset.id(),
                new CreatingUpload.Request("old.mp4", "video/mp4", 100L, null));
        PresignedUploads.put(single.url(), single.headers(), PresignedUploads.bytes(100, 10));
        CreatingUpload.Ticket multipart = creating.create(editor, asset.id(),
                new CreatingUpload.Request("old.mov", "video/quicktime", 7L * 1024 * 1024, null));
        String partETag = PresignedUploads.put(multipart.parts().get(0).url(), null,
                PresignedUploads.bytes(5 * 1024 * 1024, 11)).headers().firstValue("ETag").orElseThrow();
        CreatingUpload.Ticket fresh = creating.create(editor, asset.id(),
                new CreatingUpload.Request("new.mp4", "video/mp4", 100L, null));
        CreatingUpload.Ticket freshMultipart = creating.create(editor, asset.id(),
                new CreatingUpload.Request("new.mov", "video/quicktime", 7L * 1024 * 1024, null));
        PresignedUploads.put(freshMultipart.parts().get(0).url(), null, PresignedUploads.bytes(5 * 1024 * 1024, 12));
        jdbc.sql("update uploads set expires_at = now() - interval '1 minute' where id in (:ids)")
                .param("ids", List.of(single.uploadId(), multipart.uploadId())).update();
        Upload staleMultipart = uploads.find(multipart.uploadId()).orElseThrow();
        assertThat(partsOf(staleMultipart)).containsExactly(partETag);

        assertThat(staleCleanup.cleanUp()).isGreaterThanOrEqualTo(2);

        assertThat(uploads.find(single.uploadId()).orElseThrow().status()).isEqualTo(UploadStatus.EXPIRED);
        assertThat(uploads.find(multipart.uploadId()).orElseThrow().status()).isEqualTo(UploadStatus.EXPIRED);
        assertThat(uploads.find(fresh.uploadId()).orElseThrow().status()).isEqualTo(UploadStatus.PENDING);
        assertThat(stagingHas(uploads.find(single.uploadId()).orElseThrow().stagingKey())).isFalse();
        // The multipart upload itself was aborted in storage (s3proxy cannot list multipart uploads,
        // but it forgets an aborted one's parts and refuses to complete it), the fresh one was not.
        assertThat(partsOf(staleMultipart)).isEmpty();
        assertThatThrownBy(() -> completeInStorage(staleMultipart, partETag)).isInstanceOfSatisfying(S3Exception.class,
                refused -> assertThat(refused.statusCode()).isEqualTo(404));
        assertThat(partsOf(uploads.find(freshMultipart.uploadId()).orElseThrow())).hasSize(1);
        assertRefused(() -> completing.complete(editor, asset.id(), single.uploadId(), List.of()),
                HttpStatus.CONFLICT, "upload_expired");
    }

    /** The ETags of the parts storage holds for the upload's multipart upload: none once aborted. */
    List<String> partsOf(Upload upload) {
        try (S3Client s3 = S3Clients.client(services.storage())) {
            return s3.listParts(request -> request.bucket(services.storage().buckets().staging())
                    .key(upload.stagingKey()).uploadId(upload.multipartUploadId()))
                    .parts().stream().map(Part::eTag).toList();
        } catch (NoSuchUploadException aborted) {
            // AWS S3 and MinIO refuse to list an aborted upload; s3proxy lists it empty
            return List.of();
        }
    }

    void completeInStorage(Upload upload, String partETag) {
        try (S3Client s3 = S3Clients.client(services.storage())) {
            s3.completeMultipartUpload(request -> request.bucket(services.storage().buckets().staging())
                    .key(upload.stagingKey()).uploadId(upload.multipartUploadId())
                    .multipartUpload(parts -> parts.parts(CompletedPart.builder().partNumber(1).eTag(partETag).build())));
        }
    }

    @Test
    void abortingRemovesTheStagedObject() throws Exception {
        Asset asset = asset();
        CreatingUpload.Ticket ticket = creating.create(editor, asset.id(),
                new CreatingUpload.Request("a.mp4", "video/mp4", 100L, null));
        PresignedUploads.put(ticket.url(), ticket.headers(), PresignedUploads.bytes(100, 6));
        String key = uploads.find(ticket.uploadId()).orElseThrow().stagingKey();
        assertThat(stagingHas(key)).isTrue();

        aborting.abort(editor, asset.id(), ticket.uploadId());

        assertThat(stagingHas(key)).isFalse();
        assertThat(uploads.find(ticket.uploadId()).orElseThrow().status()).isEqualTo(UploadStatus.ABORTED);
        assertRefused(() -> completing.complete(editor, asset.id(), ticket.uploadId(), List.of()),
                HttpStatus.CONFLICT, "upload_aborted");
    }
}
