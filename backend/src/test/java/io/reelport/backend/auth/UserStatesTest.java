package io.reelport.backend.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reelport.backend.UseCaseTest;
import io.reelport.backend.user.ManagingUsers;
import io.reelport.backend.user.UserAccessChanged;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The bearer check's copy of each user against real PostgreSQL and Redis. Most tests keep their
 * own copy for an hour, so that anything fresh they see came from a notice, not from the copy
 * running out.
 */
class UserStatesTest extends UseCaseTest {

    @Autowired UserStates states;
    @Autowired ManagingUsers managing;
    @Autowired JdbcClient jdbc;
    @Autowired StringRedisTemplate redis;
    @Autowired RedisMessageListenerContainer listeners;

    /** Another instance's copy, listening on the same Redis channel. */
    UserStates instance(Duration ttl) {
        return new UserStates(jdbc, redis, services.redisNamespace(), listeners, new AuthProperties(ttl));
    }

    /** A change behind the copy's back, as another instance's commit looks from here. */
    void bumpInTheDatabase(UUID userId) {
        jdbc.sql("update users set token_version = token_version + 1 where id = :id").param("id", userId).update();
    }

    long version(UserStates copy, UUID userId) {
        return copy.current(userId).orElseThrow().tokenVersion();
    }

    @Test
    void aChangeIsForgottenHereAndOnEveryOtherInstance() {
        UserStates here = instance(Duration.ofHours(1));
        UserStates there = instance(Duration.ofHours(1));
        UUID viewer = user(Role.VIEWER).userId();
        long before = version(here, viewer);
        assertThat(version(there, viewer)).isEqualTo(before);
        bumpInTheDatabase(viewer);
        assertThat(version(here, viewer)).as("kept").isEqualTo(before);

        here.accessChanged(new UserAccessChanged(viewer));

        assertThat(version(here, viewer)).as("at once where it changed").isEqualTo(before + 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> version(there, viewer) == before + 1);
    }

    @Test
    void anAdminsChangeReachesTheCheckOnTheNextRequest() {
        UUID admin = user(Role.ADMIN).userId();
        UUID viewer = user(Role.VIEWER).userId();
        UserStates other = instance(Duration.ofHours(1));
        assertThat(states.current(viewer).orElseThrow().enabled()).isTrue();
        assertThat(other.current(viewer).orElseThrow().enabled()).isTrue();

        managing.update(Caller.user(admin, Role.ADMIN), viewer, Role.EDITOR, false);

        UserStates.UserState now = states.current(viewer).orElseThrow();
        assertThat(now.enabled()).isFalse();
        assertThat(now.role()).isEqualTo(Role.EDITOR);
        await().atMost(Duration.ofSeconds(5)).until(() -> !other.current(viewer).orElseThrow().enabled());
    }

    @Test
    void withoutANoticeAChangeIsSeenOnceTheTtlHasPassed() throws Exception {
        UserStates shortLived = instance(Duration.ofMillis(300));
        UUID viewer = user(Role.VIEWER).userId();
        long before = version(shortLived, viewer);
        bumpInTheDatabase(viewer);

        Thread.sleep(400);

        assertThat(version(shortLived, viewer)).isEqualTo(before + 1);
        assertThat(shortLived.current(UUID.randomUUID())).as("no such user").isEmpty();
    }
}
