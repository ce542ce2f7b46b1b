package io.reelport.backend.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelport.backend.platform.problem.ApiProblem;
import io.reelport.testsupport.Need;
import io.reelport.testsupport.TestServices;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import java.net.URI;

/** Counters in a real Redis: two limiters on one Redis are one limit. */
class RateLimiterTest {

    static TestServices services;
    static LettuceConnectionFactory connections;
    static RateLimiter first;
    static RateLimiter second;

    @BeforeAll
    static void connect() {
        services = TestServices.provision(Need.REDIS);
        URI url = URI.create(services.redisUrl());
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(url.getHost(), url.getPort()));
        connections.afterPropertiesSet();
        connections.start();
        StringRedisTemplate redis = new StringRedisTemplate(connections);
        first = new RateLimiter(redis, services.redisNamespace());
        second = new RateLimiter(redis, services.redisNamespace());
    }

    @AfterAll
    static void close() {
        connections.destroy();
    }

    @Test
    void allowsThePermitsThenRefusesUntilTheWindowEnds() {
        RateLimit limit = new RateLimit(3, Duration.ofMillis(800));

        assertThat(first.hit("test", "client-a", limit).allowed()).isTrue();
        assertThat(second.hit("test", "client-a", limit).allowed()).isTrue();
        assertThat(first.hit("test", "client-a", limit).allowed()).isTrue();
        RateDecision refused = second.hit("test", "client-a", limit);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(800));
        assertThat(first.hit("test", "client-b", limit).allowed()).as("another key has its own count").isTrue();

        Awaitility.await().atMost(Duration.ofSeconds(3))
                .until(() -> first.look("test", "client-a", limit).count() == 0);
        assertThat(first.hit("test", "client-a", limit).allowed()).isTrue();
    }

    @Test
    void lookDoesNotCount() {
        RateLimit limit = new RateLimit(1, Duration.ofSeconds(30));

        assertThat(first.look("test", "looker", limit).allowed()).isTrue();
        assertThat(first.look("test", "looker", limit).allowed()).isTrue();
        first.hit("test", "looker", limit);
        assertThat(first.look("test", "looker", limit).allowed()).isFalse();

        first.reset("test", "looker");
        assertThat(first.look("test", "looker", limit).allowed()).isTrue();
    }

    @Test
    void checkThrowsA429ProblemWithRetryAfter() {
        RateLimit limit = new RateLimit(1, Duration.ofSeconds(30));
        first.check("test", "checked", limit);

        assertThatThrownBy(() -> first.check("test", "checked", limit))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
                    assertThat(problem.code()).isEqualTo("rate_limited");
                    assertThat(Long.parseLong(problem.headers().getFirst("Retry-After"))).isBetween(1L, 30L);
                });
    }

    @Test
    void keysAreHashedInRedis() {
        first.hit("login-account", "someone@example.com", new RateLimit(5, Duration.ofSeconds(30)));

        StringRedisTemplate redis = new StringRedisTemplate(connections);
        assertThat(redis.keys(services.redisNamespace().key("ratelimit", "login-account", "*")))
                .isNotEmpty().noneMatch(key -> key.contains("someone"));
    }
}
