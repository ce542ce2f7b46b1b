package io.reelport.edge.storage;

import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageProperties;
import java.net.URI;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Addresses and signs (AWS SigV4) a plain GET of one object in one bucket, the way the S3 SDK would:
 * path-style or virtual-host addressing and the endpoint from {@link StorageProperties}, the key
 * URI-encoded once per segment (S3 does not double-encode), the SDK's credential chain when no
 * static keys are set. Only the signer of the SDK is used, not its request pipeline (see docs/edge.md).
 */
final class SignedObjectGets {

    /** An addressed, signed GET: the exact URI to send and the headers (Host included) that were signed. */
    record SignedGet(URI uri, Map<String, List<String>> headers) {
    }

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final String base;

    SignedObjectGets(StorageProperties storage, String bucket) {
        this.credentials = S3Clients.credentials(storage);
        this.region = storage.region();
        URI endpoint = storage.endpoint() != null ? storage.endpoint()
                : URI.create("https://s3." + storage.region() + ".amazonaws.com");
        String origin = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath().replaceAll("/+$", "");
        this.base = storage.pathStyle()
                ? origin + path + "/" + SdkHttpUtils.urlEncode(bucket) + "/"
                : endpoint.getScheme() + "://" + bucket + "." + endpoint.getRawAuthority() + path + "/";
    }

    SignedGet get(String key) {
        URI uri = URI.create(base + SdkHttpUtils.urlEncodeIgnoreSlashes(key));
        SdkHttpRequest signed = signer.sign(request -> request
                .identity(credentials.resolveIdentity().join())
                .request(SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(uri).build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                // S3 signs the path as sent: encoded once, "." and ".." segments kept.
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false))
                .request();
        return new SignedGet(uri, signed.headers());
    }
}
