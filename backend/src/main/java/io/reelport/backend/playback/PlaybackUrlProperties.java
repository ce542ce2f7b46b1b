package io.reelport.backend.playback;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Signed playback URLs ({@code reelport.playback-urls.*}).
 *
 * @param edgePublicUrl where players reach the edge ({@code EDGE_PUBLIC_URL}), e.g. {@code https://media.example.com}
 * @param defaultTtl    lifetime when the client asks for none ({@code PLAYBACK_TTL}, default 1h)
 * @param maxTtl        the longest lifetime a client may ask for ({@code PLAYBACK_MAX_TTL}, default 24h)
 */
@ConfigurationProperties("reelport.playback-urls")
@Validated
public record PlaybackUrlProperties(
        @NotNull URI edgePublicUrl,
        @NotNull @DefaultValue("1h") Duration defaultTtl,
        @NotNull @DefaultValue("24h") Duration maxTtl) {

    public PlaybackUrlProperties {
        if (edgePublicUrl != null) {
            String scheme = edgePublicUrl.getScheme();
            if (!"https".equals(scheme) && !"http".equals(scheme) || edgePublicUrl.getHost() == null) {
                throw new IllegalArgumentException("EDGE_PUBLIC_URL must be an absolute http(s) URL, not '" + edgePublicUrl + "'");
            }
            String text = edgePublicUrl.toString();
            edgePublicUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        }
        if (defaultTtl != null && maxTtl != null && (defaultTtl.toSeconds() < 1 || defaultTtl.compareTo(maxTtl) > 0)) {
            throw new IllegalArgumentException("PLAYBACK_TTL must be between 1s and PLAYBACK_MAX_TTL (" + maxTtl + ")");
        }
    }
}
