package io.reelport.backend.job;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How jobs reach the workers and how their events come back ({@code reelport.jobs.*}).
 *
 * @param profile         the ladder profile new jobs ask for ({@code JOB_PROFILE})
 * @param relayInterval   how often the outbox relay looks for rows when nothing woke it
 * @param relayMaxBackoff the longest the relay waits between attempts while Redis is unavailable
 * @param eventsBlock     how long one read of the events stream waits for new entries; must stay
 *                        below the Redis command timeout ({@code spring.data.redis.timeout}, 2s),
 *                        or every idle read ends as a timeout
 * @param eventsClaimIdle how long an event read by another instance may stay unacknowledged before
 *                        this one takes it over ({@code EVENTS_CLAIM_IDLE}): longer than applying
 *                        one event can take, short enough that a crashed instance's share is not
 *                        left waiting long
 * @param eventsEnabled   whether this instance consumes events (tests that play the consumer turn it off)
 */
@ConfigurationProperties("reelport.jobs")
@Validated
public record JobsProperties(
        @NotBlank @DefaultValue("default") String profile,
        @NotNull @DefaultValue("250ms") Duration relayInterval,
        @NotNull @DefaultValue("30s") Duration relayMaxBackoff,
        @NotNull @DefaultValue("1s") Duration eventsBlock,
        @NotNull @DefaultValue("1m") Duration eventsClaimIdle,
        @DefaultValue("true") boolean eventsEnabled) {
}
