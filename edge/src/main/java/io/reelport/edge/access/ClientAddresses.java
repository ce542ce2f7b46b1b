package io.reelport.edge.access;

import io.reelport.edge.platform.EdgeProperties;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.netty.http.server.HttpServerRequest;

/**
 * The player's address, for token client binding and the rate limit. Behind a proxy that sets a
 * header with it (App Platform's {@code do-connecting-ip}, named by {@code CLIENT_IP_HEADER}) the
 * header is the only source: the peer is then the proxy. The header must be one the proxy
 * overwrites, never one it appends to, or a client could choose its own address.
 */
@Component
public class ClientAddresses {

    private final @Nullable String header;

    public ClientAddresses(EdgeProperties properties) {
        this.header = properties.clientIpHeader();
    }

    public @Nullable String of(HttpServerRequest request) {
        if (header != null) {
            String value = request.requestHeaders().get(header);
            return value == null || value.isBlank() ? null : value.trim();
        }
        InetSocketAddress peer = request.remoteAddress();
        if (peer == null || peer.getAddress() == null) {
            return null;
        }
        String address = peer.getAddress().getHostAddress();
        int zone = address.indexOf('%');
        return zone < 0 ? address : address.substring(0, zone);
    }
}
