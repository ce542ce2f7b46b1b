package io.reelport.common.storage;

import io.reelport.common.keys.HmacSha256;
import io.reelport.common.keys.KeyRing;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * AWS Signature Version 4 for S3, computed here rather than by the SDK: the edge signs its cache-miss
 * GETs in the request headers, the backend presigns upload URLs in the query string. Both sign an
 * {@link ObjectAddresses.Address}; tests hold both forms to the SDK's output byte for byte.
 *
 * <p>Why not the SDK: its {@code AwsV4HttpSigner} cost a quarter of a millisecond per edge miss
 * (request and property objects, a signing key derived anew each time), and its
 * {@code S3Presigner.presignPutObject} pipeline (auth-scheme resolution, marshalling, request objects)
 * was 13.6 % of upload creation's CPU (docs/benchmarks.md). For one request SigV4 is one SHA-256 and
 * one HMAC with a signing key that changes once a day, which is cached here.
 */
public final class S3SigV4 {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** SHA-256 of the empty body, which S3 requires in {@code x-amz-content-sha256} of a header-signed GET. */
    public static final String EMPTY_PAYLOAD_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    /** What a presigned URL signs instead of a body hash: the body is not known when the URL is made. */
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();
    /** The whitespace SigV4 collapses in a header value: the SDK's set, not Java's wider one. */
    private static final Pattern WHITESPACE = Pattern.compile("[ \t\n\u000b\r\f]+");

    /** The signing key of one day and secret (the region is fixed per instance); replaced when either changes. */
    private record SigningKey(String date, String secretKey, byte[] key) {
    }

    private final String region;
    private final AwsCredentialsProvider credentials;
    private volatile SigningKey signingKey = new SigningKey("", "", new byte[0]);

    /** @param credentials {@link S3Clients#credentials}: static keys or the SDK's chain, session tokens included */
    public S3SigV4(String region, AwsCredentialsProvider credentials) {
        this.region = region;
        this.credentials = credentials;
    }

    /** Starts signing one request made at {@code now}: its credentials (the provider refreshes them), date and key. */
    public Signing at(Instant now) {
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        String amzDate = AMZ_DATE.format(now);
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + region + "/s3/aws4_request";
        String sessionToken = identity instanceof AwsSessionCredentialsIdentity session ? session.sessionToken() : null;
        return new Signing(amzDate, scope, identity.accessKeyId() + "/" + scope, sessionToken,
                signingKey(date, identity.secretAccessKey()));
    }

    /** The {@code SignedHeaders} value: the names of the signed headers, lower case, in order. */
    public static String signedHeaders(SortedMap<String, String> headers) {
        return String.join(";", headers.keySet());
    }

    /** The credentials, time and key of one request. */
    public static final class Signing {

        private final String amzDate;
        private final String scope;
        private final String credential;
        private final String sessionToken;
        private final byte[] key;

        private Signing(String amzDate, String scope, String credential, String sessionToken, byte[] key) {
            this.amzDate = amzDate;
            this.scope = scope;
            this.credential = credential;
            this.sessionToken = sessionToken;
            this.key = key;
        }

        /** {@code X-Amz-Date}: the request's time, to the second. */
        public String amzDate() {
            return amzDate;
        }

        /** {@code Credential}: the access key and the scope (date, region, service) the signature is good for. */
        public String credential() {
            return credential;
        }

        /** The session token to send with the request, or {@code null} for long-term keys. */
        public String sessionToken() {
            return sessionToken;
        }

        /**
         * The signature of a canonical request.
         *
         * @param path           the encoded path, as sent
         * @param canonicalQuery the query's parameters encoded and sorted by name, or empty
         * @param headers        the signed headers by lower-case name, the values as sent
         * @param payloadHash    the body's SHA-256 in hex, or {@link #UNSIGNED_PAYLOAD}
         */
        public String signature(String method, String path, String canonicalQuery, SortedMap<String, String> headers,
                                String payloadHash) {
            StringBuilder canonical = new StringBuilder(384)
                    .append(method).append('\n').append(path).append('\n').append(canonicalQuery).append('\n');
            headers.forEach((name, value) -> canonical.append(name).append(':').append(canonicalValue(value)).append('\n'));
            canonical.append('\n').append(signedHeaders(headers)).append('\n').append(payloadHash);
            String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + HEX.formatHex(sha256(canonical.toString()));
            return HEX.formatHex(hmac(key, stringToSign));
        }
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

    /**
     * A header value as SigV4 signs it: trimmed, inner runs of whitespace collapsed to one space. The
     * values signed on the hot paths (host, date, payload hash, a media type) have none, so they are
     * taken as they are without running the pattern.
     */
    private static String canonicalValue(String value) {
        if (!hasWhitespace(value)) {
            return value;
        }
        String collapsed = WHITESPACE.matcher(value).replaceAll(" ");
        int start = collapsed.startsWith(" ") ? 1 : 0;
        int end = collapsed.length() > start && collapsed.endsWith(" ") ? collapsed.length() - 1 : collapsed.length();
        return collapsed.substring(start, end);
    }

    private static boolean hasWhitespace(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\r' || c == '\f') {
                return true;
            }
        }
        return false;
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
