package io.reelport.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.reelport.common.storage.StorageProperties;
import io.reelport.local.LocalProperties;
import io.reelport.local.secrets.DevelopmentSecrets;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceEnvironmentTest {

    static final DevelopmentSecrets SECRETS = new DevelopmentSecrets("jwt1:AAAA", "jwt1", "pb1:BBBB", "pb1",
            "admin@reelport.local", "Passw0rdPassw0rd", "local-access", "local-secret");
    static final StorageProperties EMBEDDED_S3 = new StorageProperties(URI.create("http://127.0.0.1:9000"), "us-east-1",
            "local-access", "local-secret", true, new StorageProperties.Buckets("st", "ma", "pr"));

    static ServiceEnvironment environment(StorageProperties storage, boolean embedded) {
        return new ServiceEnvironment(new ServiceEnvironment.Facts(new LocalProperties.Ports(18080, 18081, 18082),
                "127.0.0.1", "postgresql://postgres@127.0.0.1:5432/reelport", "redis://127.0.0.1:6379", "reelport",
                storage, embedded, SECRETS, Path.of("/data"), "http://localhost:5173", "open"));
    }

    @Test
    void theBackendGetsDatabaseRedisStorageKeysAndTheAdmin() {
        Map<String, String> backend = environment(EMBEDDED_S3, true).variables(Service.BACKEND);

        assertThat(backend).containsOnly(
                entry("PORT", "18080"),
                entry("SERVER_ADDRESS", "127.0.0.1"),
                entry("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/reelport"),
                entry("REDIS_URL", "redis://127.0.0.1:6379"),
                entry("REDIS_NAMESPACE", "reelport"),
                entry("S3_ENDPOINT", "http://127.0.0.1:9000"),
                entry("S3_REGION", "us-east-1"),
                entry("S3_ACCESS_KEY", "local-access"),
                entry("S3_SECRET_KEY", "local-secret"),
                entry("S3_PATH_STYLE", "true"),
                entry("STAGING_BUCKET", "st"),
                entry("MASTERS_BUCKET", "ma"),
                entry("PREVIEWS_BUCKET", "pr"),
                entry("JWT_KEYS", "jwt1:AAAA"),
                entry("JWT_ACTIVE_KID", "jwt1"),
                entry("PLAYBACK_KEYS", "pb1:BBBB"),
                entry("PLAYBACK_ACTIVE_KID", "pb1"),
                entry("EDGE_PUBLIC_URL", "http://localhost:18082"),
                entry("CORS_ALLOWED_ORIGINS", "http://localhost:5173"),
                entry("REGISTRATION_MODE", "open"),
                entry("BOOTSTRAP_ADMIN_EMAIL", "admin@reelport.local"),
                entry("BOOTSTRAP_ADMIN_PASSWORD", "Passw0rdPassw0rd"));
    }

    @Test
    void theWorkerGetsRedisStorageAndScratchSpaceButNoDatabaseOrKeys() {
        Map<String, String> worker = environment(EMBEDDED_S3, true).variables(Service.WORKER);

        assertThat(worker).contains(
                entry("PORT", "18081"),
                entry("REDIS_URL", "redis://127.0.0.1:6379"),
                entry("REDIS_NAMESPACE", "reelport"),
                entry("STAGING_BUCKET", "st"),
                entry("MASTERS_BUCKET", "ma"),
                entry("PREVIEWS_BUCKET", "pr"),
                entry("MASTERS_RETENTION_DAYS", "0"),
                entry("WORKER_TEMP_DIR", Path.of("/data/worker").toString()));
        assertThat(worker).doesNotContainKeys("DATABASE_URL", "JWT_KEYS", "PLAYBACK_KEYS", "BOOTSTRAP_ADMIN_PASSWORD",
                "EDGE_PUBLIC_URL", "CORS_ALLOWED_ORIGINS");
    }

    @Test
    void theEdgeGetsThePreviewsBucketAndPlaybackKeysOnly() {
        Map<String, String> edge = environment(EMBEDDED_S3, true).variables(Service.EDGE);

        assertThat(edge).contains(
                entry("PORT", "18082"),
                entry("PREVIEWS_BUCKET", "pr"),
                entry("PLAYBACK_KEYS", "pb1:BBBB"),
                entry("CORS_ALLOWED_ORIGINS", "http://localhost:5173"),
                entry("EDGE_CACHE_DIR", Path.of("/data/edge-cache").toString()));
        assertThat(edge).doesNotContainKeys("DATABASE_URL", "REDIS_URL", "JWT_KEYS", "PLAYBACK_ACTIVE_KID",
                "STAGING_BUCKET", "MASTERS_BUCKET", "BOOTSTRAP_ADMIN_PASSWORD");
    }

    @Test
    void storageOfYourOwnKeepsTheWorkersRetentionDefaultAndMayUseTheDefaultCredentialChain() {
        StorageProperties spaces = new StorageProperties(URI.create("https://ams3.digitaloceanspaces.com"), "ams3",
                null, null, false, new StorageProperties.Buckets("st", "ma", "pr"));

        Map<String, String> worker = environment(spaces, false).variables(Service.WORKER);

        assertThat(worker).contains(entry("S3_ENDPOINT", "https://ams3.digitaloceanspaces.com"), entry("S3_REGION", "ams3"),
                entry("S3_PATH_STYLE", "false"));
        assertThat(worker).doesNotContainKeys("MASTERS_RETENTION_DAYS", "S3_ACCESS_KEY", "S3_SECRET_KEY");
    }

    @Test
    void aServiceInheritsTheShellButNeverAVariableTheLauncherManages() {
        Map<String, String> shell = Map.of(
                "PATH", "/usr/bin",
                "WORKER_CONCURRENCY", "1",
                "S3_ACCESS_KEY", "someone-elses",
                "DATABASE_URL", "postgresql://prod/db",
                "SPRING_DATASOURCE_URL", "jdbc:postgresql://prod/db",
                "PORT", "9999");

        Map<String, String> edge = environment(EMBEDDED_S3, true).environment(Service.EDGE, shell);
        Map<String, String> backend = environment(EMBEDDED_S3, true).environment(Service.BACKEND, shell);

        assertThat(edge).contains(entry("PATH", "/usr/bin"), entry("WORKER_CONCURRENCY", "1"), entry("PORT", "18082"),
                entry("S3_ACCESS_KEY", "local-access"));
        assertThat(edge).doesNotContainKeys("DATABASE_URL", "SPRING_DATASOURCE_URL");
        assertThat(backend).contains(entry("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/reelport"));
        assertThat(backend).doesNotContainKey("SPRING_DATASOURCE_URL");
    }
}
