package io.reelport.backend.upload;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what clients may upload ({@code reelport.uploads.*}).
 *
 * @param maxSize            largest upload accepted ({@code UPLOAD_MAX_SIZE}, default 50GB)
 * @param multipartThreshold above this size an upload is multipart ({@code UPLOAD_MULTIPART_THRESHOLD}, default 64MB)
 * @param partSize           preferred part size; raised when a file would need more than 10,000 parts
 *                           ({@code UPLOAD_PART_SIZE}, default 64MB, at least 5MB as S3 requires)
 * @param urlTtl             how long presigned URLs stay valid ({@code UPLOAD_URL_TTL}, default 1h)
 * @param stagingTtl         an upload not promoted within this time is aborted and its object deleted
 *                           ({@code UPLOAD_STAGING_TTL}, default 3 days)
 * @param allowedKinds       media families accepted: any of {@code video}, {@code audio}, {@code image}
 *                           ({@code UPLOAD_ALLOWED_KINDS})
 */
@ConfigurationProperties("reelport.uploads")
@Validated
public record UploadProperties(
        @NotNull @DefaultValue("50GB") DataSize maxSize,
        @NotNull @DefaultValue("64MB") DataSize multipartThreshold,
        @NotNull @DefaultValue("64MB") DataSize partSize,
        @NotNull @DefaultValue("1h") Duration urlTtl,
        @NotNull @DefaultValue("3d") Duration stagingTtl,
        @NotEmpty @DefaultValue({"video", "audio", "image"}) Set<String> allowedKinds) {

    static final long MIN_PART_BYTES = 5L * 1024 * 1024;
    static final int MAX_PARTS = 10_000;

    public UploadProperties {
        if (partSize != null && partSize.toBytes() < MIN_PART_BYTES) {
            throw new IllegalArgumentException("reelport.uploads.part-size must be at least 5MB (S3's minimum part size)");
        }
        if (urlTtl != null && (urlTtl.isNegative() || urlTtl.isZero() || urlTtl.compareTo(Duration.ofDays(7)) > 0)) {
            throw new IllegalArgumentException("reelport.uploads.url-ttl must be between 1s and 7d (SigV4's limit)");
        }
        if (allowedKinds != null) {
            for (String kind : allowedKinds) {
                if (!MediaTypes.KINDS.contains(kind)) {
                    throw new IllegalArgumentException("reelport.uploads.allowed-kinds: unknown kind '" + kind
                            + "'; known: " + MediaTypes.KINDS);
                }
            }
        }
    }
}
