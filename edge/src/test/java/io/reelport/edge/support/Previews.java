package io.reelport.edge.support;

import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageProperties;
import java.nio.file.Path;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Puts preview objects where the worker would: {@code previews/{assetId}/{versionId}/...} in the previews bucket. */
public final class Previews implements AutoCloseable {

    private final S3Client s3;
    private final String bucket;
    public final UUID assetId = UUID.randomUUID();
    public final UUID versionId = UUID.randomUUID();

    public Previews(StorageProperties storage) {
        this.s3 = S3Clients.client(storage);
        this.bucket = storage.buckets().previews();
    }

    /** The granted prefix and request-path base: {@code {assetId}/{versionId}/}. */
    public String prefix() {
        return assetId + "/" + versionId + "/";
    }

    public String put(String relativePath, byte[] content) {
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key("previews/" + prefix() + relativePath).build(),
                RequestBody.fromBytes(content));
        return prefix() + relativePath;
    }

    public String put(String relativePath, Path file) {
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key("previews/" + prefix() + relativePath).build(),
                RequestBody.fromFile(file));
        return prefix() + relativePath;
    }

    public static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new java.util.Random(seed).nextBytes(data);
        return data;
    }

    @Override
    public void close() {
        s3.close();
    }
}
