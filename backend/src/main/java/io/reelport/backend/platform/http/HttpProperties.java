package io.reelport.backend.platform.http;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the backend meets HTTP clients and the proxy in front of it.
 *
 * @param trustedProxyHeader  header the proxy in front sets to the client's address
 *                            ({@code TRUSTED_PROXY_HEADER}; {@code do-connecting-ip} on App Platform).
 *                            Blank: no proxy is trusted and the TCP peer is the client. Never
 *                            {@code X-Forwarded-For} from an arbitrary client.
 * @param trustedProtoHeader  header that proxy sets to the client's scheme, read only when a proxy
 *                            is trusted; {@code https} there turns HSTS on
 * @param corsAllowedOrigins  exact origins ({@code https://app.example.com}) allowed to call the API
 *                            from a browser ({@code CORS_ALLOWED_ORIGINS}, comma separated; none by default)
 * @param maxRequestBody      largest request body accepted ({@code MAX_REQUEST_BODY}); the API takes
 *                            small JSON documents only, media goes straight to storage
 */
@ConfigurationProperties("reelport.http")
@Validated
public record HttpProperties(
        @DefaultValue("") String trustedProxyHeader,
        @DefaultValue("x-forwarded-proto") String trustedProtoHeader,
        @DefaultValue("") List<String> corsAllowedOrigins,
        @DefaultValue("1MB") DataSize maxRequestBody) {

    public HttpProperties {
        trustedProxyHeader = trustedProxyHeader == null ? "" : trustedProxyHeader.trim();
        corsAllowedOrigins = corsAllowedOrigins == null ? List.of()
                : corsAllowedOrigins.stream().map(String::trim).filter(origin -> !origin.isEmpty()).toList();
        for (String origin : corsAllowedOrigins) {
            requireExactOrigin(origin);
        }
        if (maxRequestBody.toBytes() <= 0) {
            throw new IllegalArgumentException("MAX_REQUEST_BODY must be positive");
        }
    }

    /** An origin is scheme, host and optional port: no path, no wildcard, no trailing slash. */
    private static void requireExactOrigin(String origin) {
        URI uri;
        try {
            uri = URI.create(origin);
        } catch (IllegalArgumentException malformed) {
            throw new IllegalArgumentException("CORS_ALLOWED_ORIGINS has an entry that is not a URL: " + origin);
        }
        boolean exact = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                && uri.getHost() != null && !origin.contains("*") && uri.getRawPath().isEmpty()
                && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (!exact) {
            throw new IllegalArgumentException("CORS_ALLOWED_ORIGINS entries must be exact origins like "
                    + "https://app.example.com (no path, no wildcard): " + origin);
        }
    }

    public boolean trustsProxy() {
        return !trustedProxyHeader.isEmpty();
    }
}
