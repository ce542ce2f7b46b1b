package io.reelport.edge.platform;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The edge's own settings (docs/edge.md), bound through {@code application.yml} from
 * {@code EDGE_CACHE_DIR}, {@code EDGE_CACHE_MAX_BYTES}, {@code EDGE_UPSTREAM_TIMEOUT},
 * {@code CORS_ALLOWED_ORIGINS}, {@code CLIENT_IP_HEADER}, {@code EDGE_RATE_LIMIT_PER_SECOND} and
 * {@code EDGE_RATE_LIMIT_BURST}.
 *
 * @param cache              where cached previews live and how much disk they may take
 * @param upstreamTimeout    how long a cache miss waits for a connection to the previews bucket and
 *                           for its answer's headers before the player gets a 504, and the longest
 *                           silence between two chunks of the body before the fill is given up
 * @param corsAllowedOrigins browser origins allowed to fetch previews; empty for none, {@code *} for any
 * @param clientIpHeader     the header a trusted proxy in front of the edge puts the client's address in
 *                           ({@code do-connecting-ip} on App Platform); blank to use the peer address
 * @param rateLimit          requests per client address
 * @param playlistMaxAge     browser/CDN cache lifetime of playlists, manifests and text tracks
 * @param immutableMaxAge    cache lifetime of segments, images and MP4s, which never change under their key
 */
@ConfigurationProperties("reelport.edge")
@Validated
public record EdgeProperties(
        @NotNull @Valid Cache cache,
        @NotNull @DefaultValue("10s") Duration upstreamTimeout,
        @NotNull @DefaultValue List<String> corsAllowedOrigins,
        @Nullable String clientIpHeader,
        @NotNull @Valid @DefaultValue RateLimit rateLimit,
        @NotNull @DefaultValue("10s") Duration playlistMaxAge,
        @NotNull @DefaultValue("365d") Duration immutableMaxAge) {

    public EdgeProperties {
        corsAllowedOrigins = corsAllowedOrigins == null ? List.of()
                : corsAllowedOrigins.stream().map(String::trim).filter(origin -> !origin.isEmpty()).toList();
        if (clientIpHeader != null && clientIpHeader.isBlank()) {
            clientIpHeader = null;
        }
    }

    /**
     * @param dir     a directory of its own; files in it that are not cache entries are deleted at start
     * @param maxSize the disk the cache may use; least recently used entries go first
     */
    public record Cache(@NotNull Path dir, @NotNull @DefaultValue("10GB") DataSize maxSize) {
    }

    /**
     * A token bucket per client address.
     *
     * @param requestsPerSecond the sustained rate; 0 turns the limit off
     * @param burst             how many requests a client may make at once (a player starting up
     *                          fetches playlists, init segments and a poster together)
     */
    public record RateLimit(@PositiveOrZero @DefaultValue("50") int requestsPerSecond,
                            @PositiveOrZero @DefaultValue("200") int burst) {

        public boolean enabled() {
            return requestsPerSecond > 0;
        }
    }
}
