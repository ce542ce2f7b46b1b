package io.reelport.common.storage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the object store is and how to talk to it. Bound from {@code S3_ENDPOINT}, {@code S3_REGION},
 * {@code S3_ACCESS_KEY}, {@code S3_SECRET_KEY}, {@code S3_PATH_STYLE} and the three bucket
 * variables through each service's {@code application.yml}.
 *
 * @param endpoint  the S3 API endpoint; blank means AWS S3 for {@code region}. For DigitalOcean
 *                  Spaces, {@code https://<region>.digitaloceanspaces.com}.
 * @param region    the signing region ({@code us-east-1} for MinIO and s3proxy, the Spaces region
 *                  such as {@code nyc3} for Spaces)
 * @param accessKey blank together with {@code secretKey} to use the SDK's default credential chain
 * @param pathStyle {@code true} for MinIO and s3proxy; Spaces and AWS work with virtual-host style
 */
@ConfigurationProperties("reelport.storage")
@Validated
public record StorageProperties(
        URI endpoint,
        @NotBlank String region,
        String accessKey,
        String secretKey,
        @DefaultValue("false") boolean pathStyle,
        @NotNull @Valid @DefaultValue Buckets buckets) {

    public StorageProperties {
        boolean hasAccessKey = accessKey != null && !accessKey.isBlank();
        boolean hasSecretKey = secretKey != null && !secretKey.isBlank();
        if (hasAccessKey != hasSecretKey) {
            throw new IllegalArgumentException((hasAccessKey ? "S3_SECRET_KEY" : "S3_ACCESS_KEY")
                    + " is not set; set both S3_ACCESS_KEY and S3_SECRET_KEY, or neither to use the default AWS credential chain");
        }
        if (endpoint != null && endpoint.toString().isBlank()) {
            endpoint = null;
        }
    }

    public boolean hasStaticCredentials() {
        return accessKey != null && !accessKey.isBlank();
    }

    /** The three logical buckets; they may name one bucket, since every key carries its own prefix. */
    public record Buckets(
            @NotBlank @DefaultValue("reelport-staging") String staging,
            @NotBlank @DefaultValue("reelport-masters") String masters,
            @NotBlank @DefaultValue("reelport-previews") String previews) {
    }
}
