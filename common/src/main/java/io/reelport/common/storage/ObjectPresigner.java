package io.reelport.common.storage;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Presigns the URLs clients upload with, in the form the SDK's {@code S3Presigner} gives: the signature
 * in the query string ({@code X-Amz-*} parameters in the presigner's order, after the request's own),
 * {@code UNSIGNED-PAYLOAD} for the body, {@code X-Amz-Security-Token} when the credentials carry one.
 * {@code ObjectPresignerTest} holds every URL to the presigner's, byte for byte.
 *
 * <p>Not the SDK's presigner: its per-call pipeline (auth-scheme resolution, marshalling, request and
 * attribute objects) was 13.6 % of upload creation's CPU; the signature itself is one SHA-256 and one
 * HMAC ({@link S3SigV4}).
 */
public final class ObjectPresigner {

    /**
     * A presigned PUT of one object.
     *
     * @param headers what the client must send with it besides Host and Content-Length, which its HTTP
     *                client sets itself: the signed {@code Content-Type}
     */
    public record PresignedPut(URI url, Map<String, String> headers) {
    }

    private static final Duration SHORTEST = Duration.ofSeconds(1);
    private static final Duration LONGEST = Duration.ofDays(7);

    private final ObjectAddresses addresses;
    private final S3SigV4 sigV4;
    private final Clock clock;

    public ObjectPresigner(StorageProperties storage, Clock clock) {
        this(storage, S3Clients.credentials(storage), clock);
    }

    public ObjectPresigner(StorageProperties storage, AwsCredentialsProvider credentials, Clock clock) {
        this.addresses = new ObjectAddresses(storage);
        this.sigV4 = new S3SigV4(storage.region(), credentials);
        this.clock = clock;
    }

    /**
     * A PUT of the whole object. Its type and length are signed: the store refuses a body of another
     * length or another {@code Content-Type}.
     */
    public PresignedPut presignPut(String bucket, String key, String contentType, long contentLength, Duration validFor) {
        ObjectAddresses.Address address = addresses.of(bucket, key);
        SortedMap<String, String> headers = new TreeMap<>();
        headers.put("content-length", Long.toString(contentLength));
        headers.put("content-type", contentType);
        headers.put("host", address.host());
        return new PresignedPut(presign("PUT", address, new LinkedHashMap<>(), headers, validFor),
                Map.of("Content-Type", contentType));
    }

    /** A PUT of part {@code partNumber} (from 1) of the multipart upload {@code uploadId}. */
    public URI presignUploadPart(String bucket, String key, String uploadId, int partNumber, Duration validFor) {
        ObjectAddresses.Address address = addresses.of(bucket, key);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("partNumber", Integer.toString(partNumber));
        query.put("uploadId", SdkHttpUtils.urlEncode(uploadId));
        SortedMap<String, String> headers = new TreeMap<>();
        headers.put("host", address.host());
        return presign("PUT", address, query, headers, validFor);
    }

    /**
     * @param query the request's own parameters, encoded, in the order they are sent; the signature's
     *              are added after them
     */
    private URI presign(String method, ObjectAddresses.Address address, Map<String, String> query,
                        SortedMap<String, String> headers, Duration validFor) {
        if (validFor.compareTo(SHORTEST) < 0 || validFor.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("a presigned URL is valid for 1 second to 7 days (SigV4's bounds), not " + validFor);
        }
        S3SigV4.Signing signing = sigV4.at(clock.instant());
        if (signing.sessionToken() != null) {
            query.put("X-Amz-Security-Token", SdkHttpUtils.urlEncode(signing.sessionToken()));
        }
        query.put("X-Amz-Algorithm", S3SigV4.ALGORITHM);
        query.put("X-Amz-Date", signing.amzDate());
        query.put("X-Amz-SignedHeaders", SdkHttpUtils.urlEncode(S3SigV4.signedHeaders(headers)));
        query.put("X-Amz-Credential", SdkHttpUtils.urlEncode(signing.credential()));
        query.put("X-Amz-Expires", Long.toString(validFor.getSeconds()));
        String signature = signing.signature(method, address.path(), joined(new TreeMap<>(query)), headers,
                S3SigV4.UNSIGNED_PAYLOAD);
        return URI.create(address.url() + "?" + joined(query) + "&X-Amz-Signature=" + signature);
    }

    private static String joined(Map<String, String> query) {
        StringBuilder joined = new StringBuilder(512);
        query.forEach((name, value) -> joined.append(joined.isEmpty() ? "" : "&").append(name).append('=').append(value));
        return joined.toString();
    }
}
