package io.reelport.local.infrastructure;

import io.reelport.common.storage.StorageProperties;
import io.reelport.local.LaunchException;
import io.reelport.local.LocalProperties;
import io.reelport.local.process.LogFiles;
import io.reelport.local.secrets.DevelopmentSecrets;
import io.reelport.testsupport.s3.S3ProxyServer;
import io.reelport.testsupport.s3.S3ProxySettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The S3 API the services will use: {@code S3_ENDPOINT} with its credentials when given, else an
 * s3proxy (a real S3 API that checks signatures and presigned URLs) with its filesystem backend in
 * {@code .reelport/s3} and the credentials from the secrets file, on port 9000.
 */
public final class FindingStorage {

    private final LocalProperties.Storage settings;
    private final DevelopmentSecrets secrets;
    private final Path dataDirectory;
    private final LogFiles logs;

    public FindingStorage(LocalProperties.Storage settings, DevelopmentSecrets secrets, Path dataDirectory, LogFiles logs) {
        this.settings = settings;
        this.secrets = secrets;
        this.dataDirectory = dataDirectory;
        this.logs = logs;
    }

    public Found<StorageProperties> find() {
        if (settings.isGiven()) {
            StorageProperties storage;
            try {
                storage = new StorageProperties(settings.endpoint(), settings.region(), settings.accessKey(),
                        settings.secretKey(), settings.pathStyle(), settings.buckets());
            } catch (IllegalArgumentException e) {
                throw new LaunchException(e.getMessage());
            }
            return Found.existing(storage, "S3_ENDPOINT " + settings.endpoint());
        }
        S3ProxySettings proxySettings = new S3ProxySettings(settings.embeddedPort(), dataDirectory,
                secrets.s3AccessKey(), secrets.s3SecretKey(), logs.startNew("s3proxy"), S3ProxySettings.bundledJar());
        S3ProxyServer server = new S3ProxyServer(proxySettings);
        try {
            server.start();
        } catch (IllegalStateException e) {
            throw new LaunchException("embedded S3 (s3proxy): " + e.getMessage()
                    + " (set LOCAL_S3_PORT, or S3_ENDPOINT with S3_ACCESS_KEY and S3_SECRET_KEY to use a server of yours)", e);
        }
        StorageProperties storage = server.endpoint().storage(settings.buckets());
        return Found.started(storage, "embedded s3proxy " + storage.endpoint() + ", data " + dataDirectory, new Found.Stoppable() {
            @Override
            public void stop() {
                server.close();
            }

            @Override
            public Optional<Long> pid() {
                // s3proxy's own launcher already stops it when this JVM goes (test-support's S3ProxyLauncher).
                return Optional.empty();
            }
        });
    }
}
