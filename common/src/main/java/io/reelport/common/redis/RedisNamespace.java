package io.reelport.common.redis;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every Redis key and channel Reelport uses starts with one namespace ({@code REDIS_NAMESPACE},
 * default {@code reelport}), so that several environments can share one Redis and every test
 * class gets its own isolated streams. With the default, the names are the ones DESIGN.md fixes:
 * {@code reelport:jobs}, {@code reelport:events}, {@code reelport:jobs:dead}.
 */
@ConfigurationProperties("reelport.redis")
@Validated
public record RedisNamespace(
        @DefaultValue("reelport") @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}") String namespace) {

    /** Consumer group of the workers on {@link #jobsStream()}. */
    public static final String WORKERS_GROUP = "workers";
    /** Consumer group of the backend instances on {@link #eventsStream()}. */
    public static final String BACKEND_GROUP = "backend";

    public String jobsStream() {
        return key("jobs");
    }

    public String eventsStream() {
        return key("events");
    }

    public String deadLetterStream() {
        return key("jobs", "dead");
    }

    /** {@code namespace:part1:part2...} for any other key or pub/sub channel. */
    public String key(String... parts) {
        return namespace + ":" + String.join(":", parts);
    }
}
