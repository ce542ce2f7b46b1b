package io.reelport.local.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelport.common.keys.KeyRing;
import io.reelport.local.LaunchException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsFileTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path directory;

    SecretsFile file() {
        return new SecretsFile(directory.resolve("secrets.env"), new SecureRandom(), CLOCK);
    }

    @Test
    void createsEverySecretInTheServicesFormatReadableByItsOwnerOnly() throws Exception {
        DevelopmentSecrets secrets = file().loadOrCreate();

        Path path = directory.resolve("secrets.env");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        KeyRing jwt = KeyRing.forSigning("JWT_KEYS", secrets.jwtKeys(), "JWT_ACTIVE_KID", secrets.jwtActiveKid());
        KeyRing playback = KeyRing.forSigning("PLAYBACK_KEYS", secrets.playbackKeys(), "PLAYBACK_ACTIVE_KID", secrets.playbackActiveKid());
        assertThat(jwt.activeKid()).isEqualTo("dev-jwt-20260304");
        assertThat(playback.activeKid()).isEqualTo("dev-playback-20260304");
        assertThat(decodedSecret(secrets.jwtKeys())).hasSize(32);
        assertThat(decodedSecret(secrets.playbackKeys())).hasSize(32);
        assertThat(secrets.jwtKeys()).isNotEqualTo(secrets.playbackKeys());
        assertThat(secrets.adminEmail()).isEqualTo("admin@reelport.local");
        assertThat(secrets.adminPassword()).hasSize(24).matches(".*[A-Z].*").matches(".*[a-z].*").matches(".*[0-9].*");
        assertThat(secrets.s3AccessKey()).matches("local-[0-9a-f]{8}");
        assertThat(secrets.s3SecretKey()).hasSize(40);

        // A shell can source it, and it holds exactly these variables.
        Map<String, String> lines = Files.readAllLines(path).stream()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')), line -> line.substring(line.indexOf('=') + 1)));
        assertThat(lines).isEqualTo(secrets.asVariables());
    }

    @Test
    void aSecondLoadReusesTheFileUnchanged() throws Exception {
        DevelopmentSecrets first = file().loadOrCreate();
        byte[] written = Files.readAllBytes(directory.resolve("secrets.env"));

        DevelopmentSecrets second = file().loadOrCreate();

        assertThat(second).isEqualTo(first);
        assertThat(Files.readAllBytes(directory.resolve("secrets.env"))).isEqualTo(written);
    }

    @Test
    void twoFilesNeverShareASecret() {
        DevelopmentSecrets one = file().loadOrCreate();
        DevelopmentSecrets other = new SecretsFile(directory.resolve("other.env"), new SecureRandom(), CLOCK).loadOrCreate();

        assertThat(other.jwtKeys()).isNotEqualTo(one.jwtKeys());
        assertThat(other.playbackKeys()).isNotEqualTo(one.playbackKeys());
        assertThat(other.adminPassword()).isNotEqualTo(one.adminPassword());
        assertThat(other.s3SecretKey()).isNotEqualTo(one.s3SecretKey());
    }

    @Test
    void addsWhatAnOlderFileLacksAndKeepsWhatItHas() throws Exception {
        Path path = directory.resolve("secrets.env");
        String jwtKeys = "mine:" + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        Files.writeString(path, "# hand-written\nexport JWT_KEYS=" + jwtKeys + "\nJWT_ACTIVE_KID=\"mine\"\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));

        DevelopmentSecrets secrets = file().loadOrCreate();

        assertThat(secrets.jwtKeys()).isEqualTo(jwtKeys);
        assertThat(secrets.jwtActiveKid()).isEqualTo("mine");
        assertThat(secrets.playbackKeys()).startsWith("dev-playback-20260304:");
        String content = Files.readString(path);
        assertThat(content).startsWith("# hand-written\nexport JWT_KEYS=" + jwtKeys + "\nJWT_ACTIVE_KID=\"mine\"\n");
        assertThat(content).contains("PLAYBACK_KEYS=" + secrets.playbackKeys(), "BOOTSTRAP_ADMIN_PASSWORD=" + secrets.adminPassword());
        assertThat(file().loadOrCreate()).isEqualTo(secrets);
    }

    @Test
    void acceptsAFileFromGenerateSecretsAndAddsOnlyTheEmbeddedS3Credentials() throws Exception {
        // The shape scripts/generate-secrets.sh writes: its kids, its extra variables for docker compose.
        Path path = directory.resolve("secrets.env");
        String jwt = "jwt-20261126a:" + Base64.getUrlEncoder().withoutPadding().encodeToString(SecureRandom.getSeed(32));
        String playback = "play-20261126a:" + Base64.getUrlEncoder().withoutPadding().encodeToString(SecureRandom.getSeed(32));
        String original = "# Reelport secrets, generated by scripts/generate-secrets.sh on 2026-11-26T01:00:00Z.\n"
                + "JWT_KEYS=" + jwt + "\nJWT_ACTIVE_KID=jwt-20261126a\nPLAYBACK_KEYS=" + playback + "\nPLAYBACK_ACTIVE_KID=play-20261126a\n"
                + "BOOTSTRAP_ADMIN_EMAIL=admin@example.com\nBOOTSTRAP_ADMIN_PASSWORD=Q2hhbmdlIG1lIHBsZWFzZSBub3cgYW5kIHRoZW4\n"
                + "POSTGRES_PASSWORD=pg\nMINIO_ROOT_USER=reelport\nMINIO_ROOT_PASSWORD=minio\n";
        Files.writeString(path, original);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));

        DevelopmentSecrets secrets = file().loadOrCreate();

        assertThat(secrets.jwtKeys()).isEqualTo(jwt);
        assertThat(secrets.playbackActiveKid()).isEqualTo("play-20261126a");
        assertThat(secrets.adminEmail()).isEqualTo("admin@example.com");
        assertThat(secrets.adminPassword()).isEqualTo("Q2hhbmdlIG1lIHBsZWFzZSBub3cgYW5kIHRoZW4");
        assertThat(Files.readString(path)).startsWith(original)
                .contains("S3_ACCESS_KEY=" + secrets.s3AccessKey(), "S3_SECRET_KEY=" + secrets.s3SecretKey());
    }

    @Test
    void tightensAFileOthersCouldRead() throws Exception {
        file().loadOrCreate();
        Path path = directory.resolve("secrets.env");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));

        file().loadOrCreate();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
    }

    @Test
    void refusesAKeyTheServicesWouldRefuseNamingFileAndVariable() throws Exception {
        Path path = directory.resolve("secrets.env");
        String weak = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]);
        Files.writeString(path, "PLAYBACK_KEYS=k1:" + weak + "\nPLAYBACK_ACTIVE_KID=k1\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> file().loadOrCreate())
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining(path.toString())
                .hasMessageContaining("PLAYBACK_KEYS key 'k1' has 128 bits")
                .hasMessageContaining("delete the file");
        assertThat(Files.readString(path)).isEqualTo("PLAYBACK_KEYS=k1:" + weak + "\nPLAYBACK_ACTIVE_KID=k1\n");
    }

    @Test
    void refusesAnActiveKidThatIsNotInTheRing() throws Exception {
        Path path = directory.resolve("secrets.env");
        file().loadOrCreate();
        List<String> lines = Files.readAllLines(path).stream()
                .map(line -> line.startsWith("JWT_ACTIVE_KID=") ? "JWT_ACTIVE_KID=gone" : line)
                .toList();
        Files.write(path, lines);

        assertThatThrownBy(() -> file().loadOrCreate())
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("JWT_ACTIVE_KID is 'gone', which is not a kid in JWT_KEYS");
    }

    @Test
    void refusesALineThatIsNotAnAssignment() throws Exception {
        Path path = directory.resolve("secrets.env");
        Files.writeString(path, "JWT_KEYS\n");

        assertThatThrownBy(() -> file().loadOrCreate())
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining(path + " line 1 is not NAME=value");
    }

    private static byte[] decodedSecret(String ring) {
        return Base64.getUrlDecoder().decode(ring.substring(ring.indexOf(':') + 1));
    }
}
