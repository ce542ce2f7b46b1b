package io.reelport.testsupport;

/** A real service a test context needs; see {@link ReelportTestProperties#register}. */
public enum Need {
    /** A fresh database on the test PostgreSQL: {@code spring.datasource.*}. */
    POSTGRES,
    /** The test Redis and a fresh namespace: {@code spring.data.redis.url}, {@code reelport.redis.namespace}. */
    REDIS,
    /** Three fresh buckets on the test S3 API: {@code reelport.storage.*}. */
    S3
}
