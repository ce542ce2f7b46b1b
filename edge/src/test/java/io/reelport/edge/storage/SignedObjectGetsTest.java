package io.reelport.edge.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.common.storage.StorageProperties;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Where the edge's miss GET goes for each addressing style. s3proxy (the tests' store) only proves
 * path-style; Spaces and AWS use virtual-host style, so the addresses they get are pinned here, and
 * each request must carry what SigV4 for S3 requires (the payload hash header, signed with the host).
 */
class SignedObjectGetsTest {

    static final StorageProperties.Buckets BUCKETS = new StorageProperties.Buckets("s", "m", "reelport-previews");

    static SignedObjectGets gets(String endpoint, String region, boolean pathStyle) {
        return new SignedObjectGets(new StorageProperties(endpoint == null ? null : URI.create(endpoint), region, "AK", "SK",
                pathStyle, BUCKETS), "reelport-previews");
    }

    @Test
    void spacesWithVirtualHostStyleAddressTheBucketAsASubdomain() {
        SignedObjectGets.SignedGet get = gets("https://fra1.digitaloceanspaces.com", "fra1", false)
                .get("previews/a/v/hls/720p/seg_00001.m4s");
        assertThat(get.uri()).hasToString(
                "https://reelport-previews.fra1.digitaloceanspaces.com/previews/a/v/hls/720p/seg_00001.m4s");
        assertThat(get.headers()).containsEntry("Host", java.util.List.of("reelport-previews.fra1.digitaloceanspaces.com"))
                .containsKeys("x-amz-content-sha256", "X-Amz-Date", "Authorization");
        assertThat(get.headers().get("Authorization").get(0))
                .startsWith("AWS4-HMAC-SHA256 Credential=AK/")
                .contains("/fra1/s3/aws4_request", "SignedHeaders=host;x-amz-content-sha256;x-amz-date");
    }

    @Test
    void pathStyleKeepsTheEndpointsPathAndEncodesTheKeyOnce() {
        assertThat(gets("http://127.0.0.1:9000/store/", "us-east-1", true).get("previews/a b/ü+.jpg").uri())
                .hasToString("http://127.0.0.1:9000/store/reelport-previews/previews/a%20b/%C3%BC%2B.jpg");
    }

    @Test
    void withoutAnEndpointItIsAwsS3InTheRegion() {
        assertThat(gets(null, "eu-west-1", false).get("previews/x.json").uri())
                .hasToString("https://reelport-previews.s3.eu-west-1.amazonaws.com/previews/x.json");
    }
}
