package io.reelport.backend.platform.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The client's IP address and scheme as far as the backend can trust them. Behind a proxy named by
 * {@code TRUSTED_PROXY_HEADER} that header's value is the client (App Platform's edge sets
 * {@code do-connecting-ip} and overwrites whatever a client sent); otherwise the TCP peer is. Rate
 * limits, login throttling and the audit trail all use this one answer.
 */
@Component
public class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final HttpProperties properties;

    public ClientAddress(HttpProperties properties) {
        this.properties = properties;
    }

    /** The client's IP address: never null, at most 45 characters. */
    public String of(HttpServletRequest request) {
        if (properties.trustsProxy()) {
            String forwarded = request.getHeader(properties.trustedProxyHeader());
            if (forwarded != null) {
                String candidate = forwarded.trim();
                if (isIpLiteral(candidate)) {
                    return candidate;
                }
            }
        }
        return request.getRemoteAddr();
    }

    /** True when the client reached us over TLS, directly or through the trusted proxy. */
    public boolean isSecure(HttpServletRequest request) {
        if (request.isSecure()) {
            return true;
        }
        return properties.trustsProxy() && "https".equalsIgnoreCase(request.getHeader(properties.trustedProtoHeader()));
    }

    static boolean isIpLiteral(String value) {
        var v4 = IPV4.matcher(value);
        if (v4.matches()) {
            for (int group = 1; group <= 4; group++) {
                if (Integer.parseInt(v4.group(group)) > 255) {
                    return false;
                }
            }
            return true;
        }
        return value.indexOf(':') >= 0 && IPV6.matcher(value).matches();
    }
}
