package io.reelport.backend;

import io.reelport.backend.auth.Caller;
import io.reelport.backend.auth.Role;
import io.reelport.backend.user.EmailAddress;
import io.reelport.backend.user.UserAccount;
import io.reelport.backend.user.UserAccounts;
import io.reelport.testsupport.Need;
import io.reelport.testsupport.ReelportTestProperties;
import io.reelport.testsupport.TestServices;
import java.time.Instant;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Use cases driven without HTTP against real PostgreSQL, Redis and S3. Classes that extend it and
 * add no configuration share one application context (one database, one Redis namespace, one set
 * of buckets), so each test makes its own users and assets and never counts what others made.
 * Limits are lowered so that multipart uploads stay small.
 */
@SpringBootTest(properties = {
        "reelport.uploads.multipart-threshold=6MB",
        "reelport.uploads.part-size=5MB",
        "reelport.uploads.max-size=20MB",
        "reelport.playback-urls.edge-public-url=https://edge.example.test/"})
public abstract class UseCaseTest {

    protected static TestServices services;

    @Autowired
    protected UserAccounts users;

    /** A new user with that role, as the callers of the use cases are. */
    protected Caller user(Role role) {
        UserAccount account = users.save(new UserAccount(UUID.randomUUID(),
                EmailAddress.parse(UUID.randomUUID() + "@example.com"), "not-a-hash", role, Instant.now()));
        return Caller.user(account.id(), role);
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        services = ReelportTestProperties.register(registry, Need.POSTGRES, Need.REDIS, Need.S3);
    }
}
