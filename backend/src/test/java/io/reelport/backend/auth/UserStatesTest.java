package io.reelport.backend.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reelport.backend.user.EmailAddress;
import io.reelport.backend.user.ManagingUsers;
import io.reelport.backend.user.UserAccount;
import io.reelport.backend.user.UserAccounts;
import io.reelport.testsupport.Need;
import io.reelport.testsupport.ReelportTestProperties;
import io.reelport.testsupport.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The bearer check's copy of each user against real PostgreSQL and Redis. The TTL is an hour here,
 * so that anything fresh the tests see came from an invalidation, not from the copy running out.
 */
@SpringBootTest(properties = "reelport.auth.user-state-ttl=1h")
class UserStatesTest {

    static TestServices services;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        services = ReelportTestProperties.register(registry, Need.POSTGRES, Need.REDIS, Need.S3);
    }

    @Autowired UserStates states;
    @Autowired UserAccounts users;
    @Autowired ManagingUsers managing;
    @Autowired JdbcClient jdbc;
    @Autowired StringRedisTemplate redis;

    UserAccount user(Role role) {
        return users.save(new UserAccount(UUID.randomUUID(), EmailAddress.parse(UUID.randomUUID() + "@example.com"),
                "not-a-hash", role, Instant.now()));
    }

    /** A change behind the application's back, as another instance's commit looks from here. */
    void bumpInTheDatabase(UUID userId) {
        jdbc.sql("update users set token_version = token_version + 1 where id = :id").param("id", userId).update();
    }

    @Test
    void aChangeOnThisInstanceIsSeenOnTheNextRequest() {
        UserAccount admin = user(Role.ADMIN);
        UserAccount viewer = user(Role.VIEWER);
        assertThat(states.current(viewer.id()).orElseThrow().enabled()).isTrue();

        managing.update(Caller.user(admin.id(), Role.ADMIN), viewer.id(), Role.EDITOR, false);

        UserStates.UserState now = states.current(viewer.id()).orElseThrow();
        assertThat(now.enabled()).isFalse();
        assertThat(now.role()).isEqualTo(Role.EDITOR);
        assertThat(now.tokenVersion()).isEqualTo(viewer.tokenVersion() + 2);
    }

    @Test
    void anotherInstancesChangeArrivesOverRedis() {
        UserAccount viewer = user(Role.VIEWER);
        long version = states.current(viewer.id()).orElseThrow().tokenVersion();
        bumpInTheDatabase(viewer.id());
        assertThat(states.current(viewer.id()).orElseThrow().tokenVersion()).as("kept for the TTL").isEqualTo(version);

        // What UserStates on the instance that made the change publishes after its commit.
        redis.convertAndSend(states.channel(), viewer.id().toString());

        await().atMost(Duration.ofSeconds(5))
                .until(() -> states.current(viewer.id()).orElseThrow().tokenVersion() == version + 1);
    }

    @Test
    void withoutANoticeAChangeIsSeenOnceTheTtlHasPassed() throws Exception {
        UserStates shortLived = new UserStates(jdbc, redis, services.redisNamespace(),
                new AuthProperties(Duration.ofMillis(300)));
        UserAccount viewer = user(Role.VIEWER);
        long version = shortLived.current(viewer.id()).orElseThrow().tokenVersion();
        bumpInTheDatabase(viewer.id());

        Thread.sleep(400);

        assertThat(shortLived.current(viewer.id()).orElseThrow().tokenVersion()).isEqualTo(version + 1);
        assertThat(shortLived.current(UUID.randomUUID())).as("no such user").isEmpty();
    }
}
