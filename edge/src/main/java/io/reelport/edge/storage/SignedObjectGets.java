package io.reelport.edge.storage;

import io.reelport.common.storage.ObjectAddresses;
import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.S3SigV4;
import io.reelport.common.storage.StorageProperties;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Addresses and signs (AWS SigV4, in the headers) a plain GET of one object in one bucket, the way the
 * S3 SDK would: {@link ObjectAddresses} for where the object is, {@link S3SigV4} for the signature,
 * the SDK's credential chain when no static keys are set.
 *
 * <p>The signature is computed by Reelport rather than by the SDK's {@code AwsV4HttpSigner}: on a cache
 * miss that signer cost a quarter of a millisecond (request and property objects, a signing key derived
 * anew), the largest single item before the GET left the edge. A GET has no body, so SigV4 reduces to
 * one SHA-256 and one HMAC with a signing key that changes once a day; {@code SignedObjectGetsTest}
 * holds the result to the SDK signer's, byte for byte.
 */
final class SignedObjectGets {

    /** An addressed, signed GET: the exact URI to send and the headers (Host included) that were signed. */
    record SignedGet(URI uri, Map<String, List<String>> headers) {
    }

    private final ObjectAddresses addresses;
    private final String bucket;
    private final S3SigV4 sigV4;
    private final Clock clock;

    SignedObjectGets(StorageProperties storage, String bucket) {
        this(storage, bucket, S3Clients.credentials(storage), Clock.systemUTC());
    }

    SignedObjectGets(StorageProperties storage, String bucket, AwsCredentialsProvider credentials, Clock clock) {
        this.addresses = new ObjectAddresses(storage);
        this.bucket = bucket;
        this.sigV4 = new S3SigV4(storage.region(), credentials);
        this.clock = clock;
    }

    SignedGet get(String key) {
        ObjectAddresses.Address address = addresses.of(bucket, key);
        S3SigV4.Signing signing = sigV4.at(clock.instant());
        SortedMap<String, String> signed = new TreeMap<>();
        signed.put("host", address.host());
        signed.put("x-amz-content-sha256", S3SigV4.EMPTY_PAYLOAD_SHA256);
        signed.put("x-amz-date", signing.amzDate());
        if (signing.sessionToken() != null) {
            signed.put("x-amz-security-token", signing.sessionToken());
        }
        String signature = signing.signature("GET", address.path(), "", signed, S3SigV4.EMPTY_PAYLOAD_SHA256);

        Map<String, List<String>> headers = new LinkedHashMap<>(8);
        headers.put("Host", List.of(address.host()));
        headers.put("x-amz-content-sha256", List.of(S3SigV4.EMPTY_PAYLOAD_SHA256));
        headers.put("X-Amz-Date", List.of(signing.amzDate()));
        if (signing.sessionToken() != null) {
            headers.put("X-Amz-Security-Token", List.of(signing.sessionToken()));
        }
        headers.put("Authorization", List.of(S3SigV4.ALGORITHM + " Credential=" + signing.credential()
                + ", SignedHeaders=" + S3SigV4.signedHeaders(signed) + ", Signature=" + signature));
        return new SignedGet(URI.create(address.url()), headers);
    }
}
