package io.reelport.common.storage;

import java.net.URI;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Where an object is, addressed as the S3 SDK addresses it: the endpoint from {@link StorageProperties}
 * (AWS S3 for the region when none is set) with its path kept, path-style or virtual-host style, the
 * port only when it is not the scheme's default, and the key URI-encoded once per segment (S3 neither
 * double-encodes nor normalizes the path it signs). The SigV4 signatures that Reelport computes itself
 * sign exactly this host and path.
 */
public final class ObjectAddresses {

    /**
     * One object's address.
     *
     * @param host the {@code Host} header's value, which SigV4 signs
     * @param path the encoded path, as sent and as signed
     * @param url  the whole URL, without a query
     */
    public record Address(String host, String path, String url) {
    }

    private final String scheme;
    private final String endpointHost;
    private final String endpointPath;
    private final boolean pathStyle;

    public ObjectAddresses(StorageProperties storage) {
        URI endpoint = storage.endpoint() != null ? storage.endpoint()
                : URI.create("https://s3." + storage.region() + ".amazonaws.com");
        this.scheme = endpoint.getScheme();
        boolean defaultPort = endpoint.getPort() == -1 || endpoint.getPort() == ("https".equals(scheme) ? 443 : 80);
        this.endpointHost = defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        this.endpointPath = endpoint.getRawPath() == null ? "" : endpoint.getRawPath().replaceAll("/+$", "");
        this.pathStyle = storage.pathStyle();
    }

    public Address of(String bucket, String key) {
        String host = pathStyle ? endpointHost : bucket + "." + endpointHost;
        String path = pathStyle
                ? endpointPath + "/" + SdkHttpUtils.urlEncode(bucket) + "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key)
                : endpointPath + "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key);
        return new Address(host, path, scheme + "://" + host + path);
    }
}
