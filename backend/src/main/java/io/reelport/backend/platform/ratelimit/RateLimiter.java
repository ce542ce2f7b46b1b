package io.reelport.backend.platform.ratelimit;

import io.reelport.backend.platform.problem.ApiProblem;
import io.reelport.common.redis.RedisNamespace;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Fixed-window counters in Redis, shared by every backend instance. A window starts at a key's
 * first hit and lasts {@link RateLimit#window()}; the count and its expiry change in one Lua script,
 * so concurrent instances never lose a hit or leave a counter without expiry.
 *
 * <p>Keys are hashed before they reach Redis: a limit per email address must not leave a list of
 * addresses in the cache.
 *
 * <pre>rateLimiter.check("uploads", caller.userId().toString(), limits.uploads());  // 429 when used up</pre>
 */
@Component
public class RateLimiter {

    private static final RedisScript<List> HIT = RedisScript.of("""
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
            end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            return {count, ttl}
            """, List.class);

    private static final RedisScript<List> LOOK = RedisScript.of("""
            local count = redis.call('GET', KEYS[1])
            if not count then
              return {0, 0}
            end
            return {tonumber(count), redis.call('PTTL', KEYS[1])}
            """, List.class);

    private final StringRedisTemplate redis;
    private final RedisNamespace namespace;

    public RateLimiter(StringRedisTemplate redis, RedisNamespace namespace) {
        this.redis = redis;
        this.namespace = namespace;
    }

    /** Counts one hit for {@code key} in {@code scope} and says whether it was within the limit. */
    public RateDecision hit(String scope, String key, RateLimit limit) {
        List<?> result = redis.execute(HIT, List.of(redisKey(scope, key)), Long.toString(limit.window().toMillis()));
        return decision(result, limit, true);
    }

    /** Says whether {@code key} has already used up its permits, without counting a hit. */
    public RateDecision look(String scope, String key, RateLimit limit) {
        List<?> result = redis.execute(LOOK, List.of(redisKey(scope, key)));
        return decision(result, limit, false);
    }

    /** Counts one hit and throws a 429 problem with {@code Retry-After} when over the limit. */
    public void check(String scope, String key, RateLimit limit) {
        RateDecision decision = hit(scope, key, limit);
        if (!decision.allowed()) {
            throw ApiProblem.tooManyRequests("Too many requests; try again in "
                    + Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000) + " s.", decision.retryAfter());
        }
    }

    /** Forgets the hits of {@code key}, for example an account's failed logins after a success. */
    public void reset(String scope, String key) {
        redis.delete(redisKey(scope, key));
    }

    private static RateDecision decision(List<?> result, RateLimit limit, boolean counted) {
        long count = ((Number) result.get(0)).longValue();
        long ttl = Math.max(0, ((Number) result.get(1)).longValue());
        boolean allowed = counted ? count <= limit.permits() : count < limit.permits();
        return new RateDecision(allowed, count, Duration.ofMillis(ttl));
    }

    private String redisKey(String scope, String key) {
        return namespace.key("ratelimit", scope, sha256(key));
    }

    private static String sha256(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
