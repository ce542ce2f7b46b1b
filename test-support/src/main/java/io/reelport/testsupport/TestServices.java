package io.reelport.testsupport;

import io.reelport.common.redis.RedisNamespace;
import io.reelport.common.storage.StorageProperties;
import io.reelport.testsupport.postgres.TestDatabase;
import io.reelport.testsupport.postgres.TestPostgres;
import io.reelport.testsupport.redis.TestRedis;
import io.reelport.testsupport.s3.TestS3;
import java.util.EnumSet;
import java.util.List;

/**
 * The services one test class uses, each freshly isolated: its own database, Redis namespace and
 * buckets. The same values that {@link ReelportTestProperties} gives Spring, so that a test can
 * also talk to the services directly (seed rows, read a stream, put an object).
 */
public final class TestServices {

    private final TestDatabase database;
    private final String redisUrl;
    private final RedisNamespace redisNamespace;
    private final StorageProperties storage;

    private TestServices(TestDatabase database, String redisUrl, RedisNamespace redisNamespace, StorageProperties storage) {
        this.database = database;
        this.redisUrl = redisUrl;
        this.redisNamespace = redisNamespace;
        this.storage = storage;
    }

    /** Finds (or starts) each needed service, then isolates this test class on it. */
    public static TestServices provision(Need... needs) {
        EnumSet<Need> wanted = needs.length == 0 ? EnumSet.noneOf(Need.class) : EnumSet.copyOf(List.of(needs));
        return new TestServices(
                wanted.contains(Need.POSTGRES) ? TestPostgres.createDatabase() : null,
                wanted.contains(Need.REDIS) ? TestRedis.url() : null,
                wanted.contains(Need.REDIS) ? TestRedis.newNamespace() : null,
                wanted.contains(Need.S3) ? TestS3.createBuckets() : null);
    }

    public TestDatabase database() {
        return require(database, Need.POSTGRES);
    }

    public String redisUrl() {
        return require(redisUrl, Need.REDIS);
    }

    public RedisNamespace redisNamespace() {
        return require(redisNamespace, Need.REDIS);
    }

    public StorageProperties storage() {
        return require(storage, Need.S3);
    }

    public boolean has(Need need) {
        return switch (need) {
            case POSTGRES -> database != null;
            case REDIS -> redisUrl != null;
            case S3 -> storage != null;
        };
    }

    private static <T> T require(T value, Need need) {
        if (value == null) {
            throw new IllegalStateException("this test did not ask for " + need + "; add Need." + need + " where it registers its services");
        }
        return value;
    }

    @Override
    public String toString() {
        return "TestServices[database=" + database + ", redis=" + redisUrl + " " + redisNamespace + ", storage="
                + (storage == null ? null : storage.endpoint() + " " + storage.buckets()) + "]";
    }
}
