package io.reelport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.common.keys.KeyRing;
import io.reelport.common.redis.RedisNamespace;
import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageProperties;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.S3Client;

/** The registered properties bind to the records the services use, and point at this class's own services. */
@SpringBootTest(classes = ReelportTestPropertiesTest.Bindings.class)
class ReelportTestPropertiesTest {

    static TestServices services;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        services = ReelportTestProperties.register(registry, Need.POSTGRES, Need.REDIS, Need.S3);
    }

    @Configuration
    @EnableConfigurationProperties({StorageProperties.class, RedisNamespace.class})
    static class Bindings {
    }

    @Autowired
    StorageProperties storage;
    @Autowired
    RedisNamespace namespace;
    @Autowired
    Environment environment;

    @Test
    void storageBindsToThisClassesBuckets() {
        assertThat(storage).isEqualTo(services.storage());
        assertThat(storage.buckets().staging()).matches("rpt-[0-9a-f]{12}-staging");
        try (S3Client s3 = S3Clients.client(storage)) {
            assertThat(s3.headBucket(request -> request.bucket(storage.buckets().masters())).sdkHttpResponse().isSuccessful()).isTrue();
        }
    }

    @Test
    void redisNamespaceBindsToThisClassesNamespace() {
        assertThat(namespace).isEqualTo(services.redisNamespace());
        assertThat(namespace.jobsStream()).startsWith("rpt-").endsWith(":jobs");
        assertThat(environment.getProperty("spring.data.redis.url")).isEqualTo(services.redisUrl());
    }

    @Test
    void theDatasourceIsThisClassesDatabase() throws Exception {
        try (Connection connection = DriverManager.getConnection(environment.getProperty("spring.datasource.url"),
                environment.getProperty("spring.datasource.username"), environment.getProperty("spring.datasource.password"));
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT current_database()")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo(services.database().name());
        }
    }

    @Test
    void theTestKeyRingsAreAcceptedForSigning() {
        KeyRing jwt = KeyRing.forSigning("JWT_KEYS", environment.getProperty("reelport.jwt.keys"),
                "JWT_ACTIVE_KID", environment.getProperty("reelport.jwt.active-kid"));
        KeyRing playback = KeyRing.forSigning("PLAYBACK_KEYS", environment.getProperty("reelport.playback.keys"),
                "PLAYBACK_ACTIVE_KID", environment.getProperty("reelport.playback.active-kid"));

        assertThat(jwt.kids()).containsExactly("test-jwt-1", "test-jwt-2");
        assertThat(jwt.activeKid()).isEqualTo(ReelportTestProperties.JWT_ACTIVE_KID);
        assertThat(playback.kids()).containsExactly("test-play-1", "test-play-2");
        assertThat(playback.activeKid()).isEqualTo(ReelportTestProperties.PLAYBACK_ACTIVE_KID);
    }

    @Test
    void whatWasNotAskedForSaysSo() {
        TestServices onlyRedis = TestServices.provision(Need.REDIS);

        org.assertj.core.api.Assertions.assertThatThrownBy(onlyRedis::database)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Need.POSTGRES");
    }
}
