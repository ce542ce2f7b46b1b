package io.reelport.local;

import io.reelport.common.storage.StorageProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The local runner's settings ({@code reelport.local.*}, mapped from environment variables in
 * {@code application.yml}). The defaults run the whole platform from a fresh clone.
 *
 * @param home          the repository root, where the services' jars are built
 * @param dataDirectory everything kept between runs (secrets, embedded data, logs); relative to {@code home}
 */
@ConfigurationProperties("reelport.local")
@Validated
public record LocalProperties(
        @NotBlank String home,
        @NotBlank String dataDirectory,
        @NotNull @Valid Ports ports,
        @NotNull @Valid Postgres postgres,
        @NotNull @Valid Redis redis,
        @NotNull @Valid Storage storage,
        @NotNull @Valid Services services) {

    // Paths are bound as strings: Spring's String-to-Path conversion would resolve "." as a
    // classpath resource (target/classes) rather than the working directory.

    /** {@link #home()} as an absolute path. */
    public Path homeDirectory() {
        return Path.of(home).toAbsolutePath().normalize();
    }

    /** {@link #dataDirectory()} as an absolute path. */
    public Path resolvedDataDirectory() {
        return homeDirectory().resolve(dataDirectory).normalize();
    }

    /** The services' HTTP ports ({@code BACKEND_PORT}, {@code WORKER_PORT}, {@code EDGE_PORT}). */
    public record Ports(
            @Min(1) @Max(65535) int backend,
            @Min(1) @Max(65535) int worker,
            @Min(1) @Max(65535) int edge) {
    }

    /**
     * @param url          {@code DATABASE_URL}: when set, the only candidate
     * @param database     the database created on the machine's or the embedded server
     * @param localPort    where the machine's own server is looked for; 0 to not look
     * @param embeddedPort the embedded server's port (it keeps its data, so the port is fixed)
     */
    public record Postgres(
            String url,
            @NotBlank @Pattern(regexp = "[a-z_][a-z0-9_]{0,62}", message = "must be a plain lower-case PostgreSQL name") String database,
            @Min(0) @Max(65535) int localPort,
            @Min(1) @Max(65535) int embeddedPort) {

        public boolean isGiven() {
            return url != null && !url.isBlank();
        }
    }

    /** As {@link Postgres}, for Redis ({@code REDIS_URL}, {@code REDIS_NAMESPACE}). */
    public record Redis(
            String url,
            @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}") String namespace,
            @Min(0) @Max(65535) int localPort,
            @Min(1) @Max(65535) int embeddedPort) {

        public boolean isGiven() {
            return url != null && !url.isBlank();
        }
    }

    /**
     * {@code S3_ENDPOINT} and its credentials when given; otherwise an embedded s3proxy on
     * {@code embeddedPort} whose credentials live in the secrets file.
     */
    public record Storage(
            URI endpoint,
            @NotBlank String region,
            String accessKey,
            String secretKey,
            @DefaultValue("true") boolean pathStyle,
            @Min(1) @Max(65535) int embeddedPort,
            @NotNull @Valid StorageProperties.Buckets buckets) {

        public Storage {
            if (endpoint != null && endpoint.toString().isBlank()) {
                endpoint = null;
            }
        }

        public boolean isGiven() {
            return endpoint != null;
        }
    }

    /**
     * How the three services run.
     *
     * @param bindAddress        the address the services listen on; loopback keeps a development
     *                           platform (open registration, development keys) off the network
     * @param javaOptions        JVM options for each service ({@code LOCAL_JAVA_OPTIONS})
     * @param readyTimeout       how long a service may take to report ready
     * @param stopTimeout        how long a service may take to stop gracefully before it is killed
     * @param corsAllowedOrigins passed to backend and edge as {@code CORS_ALLOWED_ORIGINS}
     * @param registrationMode   passed to the backend as {@code REGISTRATION_MODE}
     */
    public record Services(
            @NotBlank String bindAddress,
            @NotNull String javaOptions,
            @NotNull Duration readyTimeout,
            @NotNull Duration stopTimeout,
            @NotNull String corsAllowedOrigins,
            @NotBlank @Pattern(regexp = "open|closed") String registrationMode) {
    }
}
