package io.reelport.testsupport.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.reelport.common.redis.RedisNamespace;
import io.reelport.testsupport.lookup.DockerAvailability;
import io.reelport.testsupport.lookup.FoundOnce;
import io.reelport.testsupport.lookup.LocalPorts;
import io.reelport.testsupport.lookup.TestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import redis.embedded.RedisServer;

/**
 * The Redis of this test JVM, found on first use in this order: {@code TEST_REDIS_URL}
 * ({@code redis://} or {@code rediss://}; when set it is the only candidate), a server answering
 * PING on {@code 127.0.0.1:6379}, a {@code redis:7-alpine} container when Docker is available,
 * then embedded Redis (the binary in the {@code embedded-redis} jar) on a free port.
 *
 * <p>Tests isolate themselves with {@link #newNamespace()}: every Reelport key and stream starts
 * with the namespace, so test classes (and parallel builds) sharing one Redis never meet. The keys
 * of every namespace handed out are deleted when the JVM exits.
 */
public final class TestRedis {

    public static final String URL_VARIABLE = "TEST_REDIS_URL";
    static final String IMAGE = "redis:7-alpine";
    private static final int LOCAL_PORT = 6379;
    private static final Logger log = LoggerFactory.getLogger(TestRedis.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final FoundOnce<Found> FOUND = new FoundOnce<>(TestRedis::find);
    private static final Set<RedisNamespace> HANDED_OUT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestRedis::deleteHandedOut, "reelport-test-redis-cleanup"));
    }

    private TestRedis() {
    }

    /** The Redis URL for {@code spring.data.redis.url} or {@code RedisClient.create(...)}. */
    public static String url() {
        return FOUND.get().url();
    }

    /** A Redis and whether it stays up after this JVM, i.e. whether test keys must be cleaned up. */
    private record Found(String url, boolean outlivesJvm) {
    }

    /** A namespace no other test class uses: {@code rpt-<random>}. */
    public static RedisNamespace newNamespace() {
        url(); // find Redis now, so a test fails here with the lookup's message, not later in a client
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        RedisNamespace namespace = new RedisNamespace("rpt-" + HexFormat.of().formatHex(random));
        HANDED_OUT.add(namespace);
        return namespace;
    }

    /** Deletes every key of {@code namespace}; returns how many. */
    public static long deleteKeys(RedisNamespace namespace) {
        RedisClient client = RedisClient.create(url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return deleteKeys(connection.sync(), namespace);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static long deleteKeys(RedisCommands<String, String> redis, RedisNamespace namespace) {
        long deleted = 0;
        // SCAN, not KEYS: the Redis may be shared and large. The namespace alphabet has no glob characters.
        ScanArgs matching = ScanArgs.Builder.matches(namespace.namespace() + ":*").limit(500);
        KeyScanCursor<String> cursor = redis.scan(ScanCursor.INITIAL, matching);
        while (true) {
            if (!cursor.getKeys().isEmpty()) {
                deleted += redis.unlink(cursor.getKeys().toArray(String[]::new));
            }
            if (cursor.isFinished()) {
                return deleted;
            }
            cursor = redis.scan(cursor, matching);
        }
    }

    private static void deleteHandedOut() {
        if (HANDED_OUT.isEmpty() || !FOUND.get().outlivesJvm()) {
            return;
        }
        try {
            RedisClient client = RedisClient.create(url());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                for (RedisNamespace namespace : HANDED_OUT) {
                    deleteKeys(connection.sync(), namespace);
                }
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        } catch (RuntimeException e) {
            // Best effort at exit; a namespace is random, so a leftover is only clutter.
            System.err.println("reelport test-support: could not delete test keys in Redis: " + e.getMessage());
        }
    }

    private static Found find() {
        Optional<String> configured = TestEnvironment.get(URL_VARIABLE);
        if (configured.isPresent()) {
            return found(new Found(configured.get(), true), URL_VARIABLE);
        }
        // A server that wants a password answers -NOAUTH; it is not ours to use, so look further.
        if ("+PONG".equals(ping(LOCAL_PORT))) {
            return found(new Found("redis://127.0.0.1:" + LOCAL_PORT, true), "local server 127.0.0.1:" + LOCAL_PORT);
        }
        if (DockerAvailability.isAvailable()) {
            return container();
        }
        return embedded();
    }

    private static Found found(Found found, String description) {
        log.info("Redis for tests: {}", description);
        return found;
    }

    /** The first line a server on {@code port} answers to PING, or why there is none. */
    static String ping(int port) {
        if (!LocalPorts.isListening(port, 500)) {
            return "nothing listening";
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LocalPorts.LOOPBACK, port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b >= 0 && b != '\r' && line.length() < 200; b = in.read()) {
                line.append((char) b);
            }
            return line.toString();
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static Found container() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE)).withExposedPorts(LOCAL_PORT);
        container.start(); // Ryuk removes it when this JVM exits
        String url = "redis://" + container.getHost() + ":" + container.getMappedPort(LOCAL_PORT);
        return found(new Found(url, false), "container " + IMAGE + " at " + url);
    }

    private static Found embedded() {
        int port = LocalPorts.free();
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .bind(LocalPorts.LOOPBACK)
                    .port(port)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(server), "reelport-test-redis-stop"));
            return found(new Found("redis://127.0.0.1:" + port, false), "embedded Redis on 127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded Redis did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    private static void stopQuietly(RedisServer server) {
        try {
            server.stop();
        } catch (IOException e) {
            System.err.println("reelport test-support: embedded Redis did not stop: " + e.getMessage());
        }
    }
}
