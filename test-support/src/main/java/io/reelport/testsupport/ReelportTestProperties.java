package io.reelport.testsupport;

import io.reelport.common.storage.StorageProperties;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a Spring test context at real services:
 *
 * <pre>{@code
 * @SpringBootTest
 * class PromotingUploadTest {
 *     static TestServices services;
 *
 *     @DynamicPropertySource
 *     static void services(DynamicPropertyRegistry registry) {
 *         services = ReelportTestProperties.register(registry, Need.POSTGRES, Need.REDIS, Need.S3);
 *     }
 * }
 * }</pre>
 *
 * Spring calls the method while it builds the context, so {@code services} is set from the first
 * {@code @BeforeEach} on (not yet in {@code @BeforeAll}). Every context also gets fixed test key
 * rings for JWTs and playback tokens ({@link #JWT_KEYS}, {@link #PLAYBACK_KEYS}): test secrets,
 * public on purpose, never used outside tests.
 */
public final class ReelportTestProperties {

    /** Two kids, so rotation can be tested: {@code test-jwt-1} signs, {@code test-jwt-2} only verifies. */
    public static final String JWT_KEYS = "test-jwt-1:WA6kH8UJuQsnAeUDiR7KrIkNU7WX0kAHHwQg7gFO764,"
            + "test-jwt-2:JsyQX6XsX-YFoQba1ydIaJMxFQte7SClIeU1lJNj0Eo";
    public static final String JWT_ACTIVE_KID = "test-jwt-1";
    /** Two kids, so rotation can be tested: {@code test-play-1} signs, {@code test-play-2} only verifies. */
    public static final String PLAYBACK_KEYS = "test-play-1:cjL3dOH4OccuIiudsi3KJalvJQ3AlV7LDiREMB-qQUs,"
            + "test-play-2:RWAt2Yj2wxmHNISz-TNgyWb4hleKiYQRBRvHLLbkQZA";
    public static final String PLAYBACK_ACTIVE_KID = "test-play-1";

    private ReelportTestProperties() {
    }

    /**
     * Provisions the needed services for this test class ({@link TestServices#provision}) and
     * registers their properties, plus the test key rings.
     */
    public static TestServices register(DynamicPropertyRegistry registry, Need... needs) {
        TestServices services = TestServices.provision(needs);
        if (services.has(Need.POSTGRES)) {
            registry.add("spring.datasource.url", () -> services.database().jdbcUrl());
            registry.add("spring.datasource.username", () -> services.database().username());
            registry.add("spring.datasource.password", () -> services.database().password());
        }
        if (services.has(Need.REDIS)) {
            registry.add("spring.data.redis.url", services::redisUrl);
            registry.add("reelport.redis.namespace", () -> services.redisNamespace().namespace());
        }
        if (services.has(Need.S3)) {
            StorageProperties storage = services.storage();
            registry.add("reelport.storage.endpoint", () -> storage.endpoint().toString());
            registry.add("reelport.storage.region", storage::region);
            registry.add("reelport.storage.path-style", storage::pathStyle);
            if (storage.hasStaticCredentials()) {
                registry.add("reelport.storage.access-key", storage::accessKey);
                registry.add("reelport.storage.secret-key", storage::secretKey);
            }
            registry.add("reelport.storage.buckets.staging", () -> storage.buckets().staging());
            registry.add("reelport.storage.buckets.masters", () -> storage.buckets().masters());
            registry.add("reelport.storage.buckets.previews", () -> storage.buckets().previews());
        }
        registry.add("reelport.jwt.keys", () -> JWT_KEYS);
        registry.add("reelport.jwt.active-kid", () -> JWT_ACTIVE_KID);
        registry.add("reelport.playback.keys", () -> PLAYBACK_KEYS);
        registry.add("reelport.playback.active-kid", () -> PLAYBACK_ACTIVE_KID);
        return services;
    }
}
