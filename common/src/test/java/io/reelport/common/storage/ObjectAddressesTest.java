package io.reelport.common.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Where a signed request goes for each addressing style. s3proxy (the tests' store) only proves
 * path-style; Spaces and AWS use virtual-host style, so the addresses they get are pinned here.
 * {@code ObjectPresignerTest} holds the same addresses to the SDK's.
 */
class ObjectAddressesTest {

    static ObjectAddresses.Address address(String endpoint, String region, boolean pathStyle, String key) {
        return new ObjectAddresses(new StorageProperties(endpoint == null ? null : URI.create(endpoint), region, "AK", "SK",
                pathStyle, new StorageProperties.Buckets("s", "m", "reelport-previews"))).of("reelport-previews", key);
    }

    @Test
    void spacesWithVirtualHostStyleAddressTheBucketAsASubdomain() {
        assertThat(address("https://fra1.digitaloceanspaces.com", "fra1", false, "previews/a/v/hls/720p/seg_00001.m4s"))
                .isEqualTo(new ObjectAddresses.Address("reelport-previews.fra1.digitaloceanspaces.com",
                        "/previews/a/v/hls/720p/seg_00001.m4s",
                        "https://reelport-previews.fra1.digitaloceanspaces.com/previews/a/v/hls/720p/seg_00001.m4s"));
    }

    @Test
    void pathStyleKeepsTheEndpointsPathAndEncodesTheKeyOnce() {
        assertThat(address("http://127.0.0.1:9000/store/", "us-east-1", true, "previews/a b/ü+.jpg"))
                .isEqualTo(new ObjectAddresses.Address("127.0.0.1:9000", "/store/reelport-previews/previews/a%20b/%C3%BC%2B.jpg",
                        "http://127.0.0.1:9000/store/reelport-previews/previews/a%20b/%C3%BC%2B.jpg"));
    }

    @Test
    void withoutAnEndpointItIsAwsS3InTheRegion() {
        assertThat(address(null, "eu-west-1", false, "previews/x.json").url())
                .isEqualTo("https://reelport-previews.s3.eu-west-1.amazonaws.com/previews/x.json");
    }

    @Test
    void thePortIsNamedOnlyWhenItIsNotTheSchemesDefault() {
        assertThat(address("https://s3.example.com:443", "us-east-1", true, "k").url()).isEqualTo("https://s3.example.com/reelport-previews/k");
        assertThat(address("http://minio.local:80", "us-east-1", false, "k").host()).isEqualTo("reelport-previews.minio.local");
        assertThat(address("https://minio.local:8443", "us-east-1", false, "k").host()).isEqualTo("reelport-previews.minio.local:8443");
    }
}
