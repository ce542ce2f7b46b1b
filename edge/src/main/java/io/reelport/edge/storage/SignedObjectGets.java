package io.reelport.edge.storage;

import io.reelport.common.keys.HmacSha256;
import io.reelport.common.keys.KeyRing;
import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageProperties;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Addresses and signs (AWS SigV4) a plain GET of one object in one bucket, the way the S3 SDK would:
 * path-style or virtual-host addressing and the endpoint from {@link StorageProperties}, the key
 * URI-encoded once per segment (S3 neither double-encodes nor normalizes the path it signs), the
 * SDK's credential chain when no static keys are set.
 *
 * <p>The signature is computed here rather than by the SDK's {@code AwsV4HttpSigner}: on a cache miss
 * that signer cost a quarter of a millisecond (request and property objects, a signing key derived
 * anew), the largest single item before the GET left the edge. A GET has no body, so SigV4 reduces
 * to one SHA-256 and one HMAC with a signing key that changes once a day; {@code SignedObjectGetsTest}
 * holds the result to the SDK signer's, byte for byte.
 */
final class SignedObjectGets {

    /** An addressed, signed GET: the exact URI to send and the headers (Host included) that were signed. */
    record SignedGet(URI uri, Map<String, List<String>> headers) {
    }

    /** SHA-256 of the empty body, which S3 requires in {@code x-amz-content-sha256}. */
    static final String EMPTY_PAYLOAD_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    /** The signing key of one day, region and secret; replaced when any of them changes. */
    private record SigningKey(String date, String secretKey, byte[] key) {
    }

    private final AwsCredentialsProvider credentials;
    private final Clock clock;
    private final String region;
    private final String base;
    private final String host;
    private volatile SigningKey signingKey = new SigningKey("", "", new byte[0]);

    SignedObjectGets(StorageProperties storage, String bucket) {
        this(storage, bucket, S3Clients.credentials(storage), Clock.systemUTC());
    }

    SignedObjectGets(StorageProperties storage, String bucket, AwsCredentialsProvider credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
        this.region = storage.region();
        URI endpoint = storage.endpoint() != null ? storage.endpoint()
                : URI.create("https://s3." + storage.region() + ".amazonaws.com");
        String origin = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath().replaceAll("/+$", "");
        this.base = storage.pathStyle()
                ? origin + path + "/" + SdkHttpUtils.urlEncode(bucket) + "/"
                : endpoint.getScheme() + "://" + bucket + "." + endpoint.getRawAuthority() + path + "/";
        URI baseUri = URI.create(base);
        // As the SDK sends it: the port only when it is not the scheme's default.
        boolean defaultPort = baseUri.getPort() == -1
                || baseUri.getPort() == ("https".equals(baseUri.getScheme()) ? 443 : 80);
        this.host = defaultPort ? baseUri.getHost() : baseUri.getHost() + ":" + baseUri.getPort();
    }

    SignedGet get(String key) {
        URI uri = URI.create(base + SdkHttpUtils.urlEncodeIgnoreSlashes(key));
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        String sessionToken = identity instanceof AwsSessionCredentialsIdentity session ? session.sessionToken() : null;
        String amzDate = AMZ_DATE.format(clock.instant());
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + region + "/s3/aws4_request";

        String signedHeaders = sessionToken == null
                ? "host;x-amz-content-sha256;x-amz-date"
                : "host;x-amz-content-sha256;x-amz-date;x-amz-security-token";
        StringBuilder canonical = new StringBuilder(256)
                .append("GET\n").append(uri.getRawPath()).append("\n\n")
                .append("host:").append(host).append('\n')
                .append("x-amz-content-sha256:").append(EMPTY_PAYLOAD_SHA256).append('\n')
                .append("x-amz-date:").append(amzDate).append('\n');
        if (sessionToken != null) {
            canonical.append("x-amz-security-token:").append(sessionToken.strip()).append('\n');
        }
        canonical.append('\n').append(signedHeaders).append('\n').append(EMPTY_PAYLOAD_SHA256);
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + HEX.formatHex(sha256(canonical.toString()));
        String signature = HEX.formatHex(hmac(signingKey(date, identity.secretAccessKey()), stringToSign));

        Map<String, List<String>> headers = new LinkedHashMap<>(8);
        headers.put("Host", List.of(host));
        headers.put("x-amz-content-sha256", List.of(EMPTY_PAYLOAD_SHA256));
        headers.put("X-Amz-Date", List.of(amzDate));
        if (sessionToken != null) {
            headers.put("X-Amz-Security-Token", List.of(sessionToken));
        }
        headers.put("Authorization", List.of("AWS4-HMAC-SHA256 Credential=" + identity.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature));
        return new SignedGet(uri, headers);
    }

    private byte[] signingKey(String date, String secretKey) {
        SigningKey current = signingKey;
        if (!current.date().equals(date) || !current.secretKey().equals(secretKey)) {
            byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
            key = hmac(key, region);
            key = hmac(key, "s3");
            key = hmac(key, "aws4_request");
            current = new SigningKey(date, secretKey, key);
            signingKey = current;
        }
        return current.key();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        return HmacSha256.initialised(new SecretKeySpec(key, KeyRing.HMAC_ALGORITHM)).doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
