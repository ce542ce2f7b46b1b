package io.reelport.backend.upload;

import io.reelport.common.storage.StorageProperties;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Removes what an upload left in staging: its unfinished multipart upload and its object. */
@Component
public class StagingObjects {

    private final S3Client s3;
    private final StorageProperties storage;

    StagingObjects(S3Client s3, StorageProperties storage) {
        this.s3 = s3;
        this.storage = storage;
    }

    public void remove(Upload upload) {
        String bucket = storage.buckets().staging();
        if (upload.multipart()) {
            try {
                s3.abortMultipartUpload(request -> request.bucket(bucket).key(upload.stagingKey())
                        .uploadId(upload.multipartUploadId()));
            } catch (NoSuchUploadException alreadyGone) {
                // completed or aborted before: the object itself is deleted below
            } catch (S3Exception failed) {
                if (failed.statusCode() != 404) {
                    throw failed;
                }
            }
        }
        // DeleteObject succeeds for a missing key, so removing twice is harmless.
        s3.deleteObject(request -> request.bucket(bucket).key(upload.stagingKey()));
    }
}
