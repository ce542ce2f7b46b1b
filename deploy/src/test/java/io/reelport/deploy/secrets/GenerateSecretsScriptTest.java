package io.reelport.deploy.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.reelport.common.jwt.JwtProperties;
import io.reelport.common.keys.KeyRing;
import io.reelport.common.playback.PlaybackKeyProperties;
import io.reelport.deploy.AppSpec;
import io.reelport.deploy.BashScript;
import io.reelport.deploy.RepositoryRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** scripts/generate-secrets.sh, run with bash as an operator runs it; the services' own parsers judge its output. */
class GenerateSecretsScriptTest {

    /** Unpadded base64url of 32 bytes. */
    static final Pattern SECRET_256 = Pattern.compile("[A-Za-z0-9_-]{43}");
    static final Pattern JWT_KID = Pattern.compile("jwt-\\d{8}[a-z]");
    static final Pattern PLAYBACK_KID = Pattern.compile("play-\\d{8}[a-z]");
    static final List<String> SECRET_VARIABLES = List.of("BOOTSTRAP_ADMIN_PASSWORD", "POSTGRES_PASSWORD", "MINIO_ROOT_PASSWORD");

    @TempDir
    Path dir;

    SecretsScript script;

    @BeforeEach
    void setUp() {
        script = new SecretsScript(dir);
    }

    Map<String, String> generate(String file, String... extra) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--out", file));
        arguments.addAll(List.of(extra));
        BashScript.Result result = script.run(arguments.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return SecretsScript.readEnv(dir.resolve(file));
    }

    @Test
    void writesEveryPlatformSecretInTheFormatTheServicesRead() throws Exception {
        Map<String, String> env = generate("secrets.env", "--admin-email", "ops@example.org");

        assertThat(env).containsOnlyKeys("JWT_KEYS", "JWT_ACTIVE_KID", "PLAYBACK_KEYS", "PLAYBACK_ACTIVE_KID",
                "BOOTSTRAP_ADMIN_EMAIL", "BOOTSTRAP_ADMIN_PASSWORD", "POSTGRES_PASSWORD", "MINIO_ROOT_USER",
                "MINIO_ROOT_PASSWORD");
        assertThat(env.get("JWT_ACTIVE_KID")).matches(JWT_KID);
        assertThat(env.get("JWT_KEYS")).isEqualTo(env.get("JWT_ACTIVE_KID") + ":" + secretOf(env.get("JWT_KEYS")));
        assertThat(env.get("PLAYBACK_ACTIVE_KID")).matches(PLAYBACK_KID);
        assertThat(env.get("PLAYBACK_KEYS")).startsWith(env.get("PLAYBACK_ACTIVE_KID") + ":");
        assertThat(env.get("BOOTSTRAP_ADMIN_EMAIL")).isEqualTo("ops@example.org");
        assertThat(env.get("MINIO_ROOT_USER")).isEqualTo("reelport");
    }

    @Test
    void everySecretIs256BitsFromTheCsprngInCanonicalBase64Url() throws Exception {
        Map<String, String> env = generate("secrets.env");

        List<String> secrets = new ArrayList<>(List.of(secretOf(env.get("JWT_KEYS")), secretOf(env.get("PLAYBACK_KEYS"))));
        SECRET_VARIABLES.forEach(name -> secrets.add(env.get(name)));
        for (String secret : secrets) {
            assertThat(secret).matches(SECRET_256);
            byte[] bytes = Base64.getUrlDecoder().decode(secret);
            assertThat(bytes).hasSize(32);
            assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)).isEqualTo(secret);
        }
        assertThat(new HashSet<>(secrets)).as("no secret is reused within one run").hasSameSizeAs(secrets);
    }

    @Test
    void everyRunDrawsNewSecrets() throws Exception {
        Set<String> seen = new HashSet<>();
        int drawn = 0;
        for (int run = 0; run < 4; run++) {
            Map<String, String> env = generate("run" + run + ".env");
            List<String> secrets = new ArrayList<>(List.of(secretOf(env.get("JWT_KEYS")), secretOf(env.get("PLAYBACK_KEYS"))));
            SECRET_VARIABLES.forEach(name -> secrets.add(env.get(name)));
            seen.addAll(secrets);
            drawn += secrets.size();
        }
        assertThat(seen).hasSize(drawn);
    }

    @Test
    void writesTheFileForItsOwnerOnlyAndNoSecretToTheTerminal() throws Exception {
        BashScript.Result result = script.run("--out", "private/secrets.env");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Path file = dir.resolve("private/secrets.env");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrderElementsOf(PosixFilePermissions.fromString("rw-------"));
        assertThat(result.stdout()).isEmpty();
        Map<String, String> env = SecretsScript.readEnv(file);
        for (String value : List.of(secretOf(env.get("JWT_KEYS")), secretOf(env.get("PLAYBACK_KEYS")),
                env.get("BOOTSTRAP_ADMIN_PASSWORD"), env.get("POSTGRES_PASSWORD"), env.get("MINIO_ROOT_PASSWORD"))) {
            assertThat(result.stderr()).doesNotContain(value);
        }
        assertThat(result.stderr()).contains("private/secrets.env").contains(env.get("JWT_ACTIVE_KID"));
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers).as("no temporary file is left beside it").containsExactly(file);
        }
    }

    @Test
    void printsToStdoutOnlyWhenAskedWithOutDash() throws Exception {
        BashScript.Result result = script.run("--out", "-");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Map<String, String> env = SecretsScript.parseEnv(result.stdout());
        assertThat(env.get("JWT_ACTIVE_KID")).matches(JWT_KID);
        try (var files = Files.list(dir)) {
            assertThat(files).noneMatch(path -> path.getFileName().toString().endsWith(".env"));
        }
    }

    @Test
    void refusesToOverwriteWithoutForce() throws Exception {
        generate("secrets.env");
        String before = Files.readString(dir.resolve("secrets.env"));

        BashScript.Result refused = script.run("--out", "secrets.env");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("secrets.env exists").contains("--force");
        assertThat(Files.readString(dir.resolve("secrets.env"))).isEqualTo(before);

        Map<String, String> replaced = generate("secrets.env", "--force");
        assertThat(secretOf(replaced.get("JWT_KEYS"))).isNotEqualTo(secretOf(SecretsScript.parseEnv(before).get("JWT_KEYS")));
        assertThat(Files.getPosixFilePermissions(dir.resolve("secrets.env"))).containsOnly(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void rotatingJwtAddsANewActiveKidAndKeepsTheOldKeys() throws Exception {
        Map<String, String> before = generate("secrets.env");

        Map<String, String> once = generate("secrets.env", "--rotate", "jwt");
        Map<String, String> twice = generate("secrets.env", "--rotate", "jwt");

        Map<String, String> ring = ring(twice.get("JWT_KEYS"));
        assertThat(ring).hasSize(3);
        assertThat(ring).containsEntry(before.get("JWT_ACTIVE_KID"), secretOf(before.get("JWT_KEYS")));
        assertThat(ring).containsAllEntriesOf(ring(once.get("JWT_KEYS")));
        assertThat(twice.get("JWT_ACTIVE_KID")).matches(JWT_KID)
                .isNotEqualTo(before.get("JWT_ACTIVE_KID")).isNotEqualTo(once.get("JWT_ACTIVE_KID"));
        assertThat(ring).containsKey(twice.get("JWT_ACTIVE_KID"));
        assertThat(new HashSet<>(ring.values())).hasSize(3);
        ring.values().forEach(secret -> assertThat(secret).matches(SECRET_256));
        // Everything else is untouched, and the file stays private.
        for (String name : List.of("PLAYBACK_KEYS", "PLAYBACK_ACTIVE_KID", "BOOTSTRAP_ADMIN_PASSWORD", "POSTGRES_PASSWORD")) {
            assertThat(twice.get(name)).as(name).isEqualTo(before.get(name));
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("secrets.env")))
                .containsExactlyInAnyOrderElementsOf(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void rotatingPlaybackLeavesTheJwtRingAlone() throws Exception {
        Map<String, String> before = generate("secrets.env");

        Map<String, String> after = generate("secrets.env", "--rotate", "playback");

        assertThat(ring(after.get("PLAYBACK_KEYS"))).hasSize(2)
                .containsEntry(before.get("PLAYBACK_ACTIVE_KID"), secretOf(before.get("PLAYBACK_KEYS")))
                .containsKey(after.get("PLAYBACK_ACTIVE_KID"));
        assertThat(after.get("PLAYBACK_ACTIVE_KID")).matches(PLAYBACK_KID).isNotEqualTo(before.get("PLAYBACK_ACTIVE_KID"));
        assertThat(after.get("JWT_KEYS")).isEqualTo(before.get("JWT_KEYS"));
        assertThat(after.get("JWT_ACTIVE_KID")).isEqualTo(before.get("JWT_ACTIVE_KID"));
    }

    @Test
    void aTwoStepRotationAddsTheKeyFirstAndActivatesItLater() throws Exception {
        Map<String, String> before = generate("secrets.env");

        Map<String, String> added = generate("secrets.env", "--rotate", "jwt", "--keep-active");
        assertThat(ring(added.get("JWT_KEYS"))).hasSize(2).containsKey(before.get("JWT_ACTIVE_KID"));
        assertThat(added.get("JWT_ACTIVE_KID")).as("the old key still signs").isEqualTo(before.get("JWT_ACTIVE_KID"));
        String newKid = ring(added.get("JWT_KEYS")).keySet().stream()
                .filter(kid -> !kid.equals(before.get("JWT_ACTIVE_KID"))).findFirst().orElseThrow();

        Map<String, String> activated = generate("secrets.env", "--activate", newKid);
        assertThat(activated.get("JWT_ACTIVE_KID")).isEqualTo(newKid);
        assertThat(activated.get("JWT_KEYS")).isEqualTo(added.get("JWT_KEYS"));
        assertAcceptedByTheServices(activated);

        BashScript.Result unknown = script.run("--out", "secrets.env", "--activate", "jwt-19990101a");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.stderr()).contains("no key ring in secrets.env has the kid 'jwt-19990101a'");
        assertThat(SecretsScript.readEnv(dir.resolve("secrets.env"))).isEqualTo(activated);
    }

    @Test
    void retiringDropsAnOldKidButNeverTheActiveOne() throws Exception {
        Map<String, String> before = generate("secrets.env");
        Map<String, String> rotated = generate("secrets.env", "--rotate", "playback");
        String oldKid = before.get("PLAYBACK_ACTIVE_KID");

        BashScript.Result active = script.run("--out", "secrets.env", "--retire", rotated.get("PLAYBACK_ACTIVE_KID"));
        assertThat(active.exitCode()).isNotZero();
        assertThat(active.stderr()).contains("is the active PLAYBACK_ACTIVE_KID");

        BashScript.Result unknown = script.run("--out", "secrets.env", "--retire", "play-19990101a");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.stderr()).contains("play-19990101a");
        assertThat(SecretsScript.readEnv(dir.resolve("secrets.env"))).isEqualTo(rotated);

        Map<String, String> retired = generate("secrets.env", "--retire", oldKid);
        assertThat(ring(retired.get("PLAYBACK_KEYS"))).containsOnlyKeys(rotated.get("PLAYBACK_ACTIVE_KID"));
        assertThat(retired.get("JWT_KEYS")).isEqualTo(before.get("JWT_KEYS"));
    }

    @Test
    void theServicesParsersAcceptTheGeneratedAndRotatedKeyRings() throws Exception {
        Map<String, String> generated = generate("secrets.env");
        assertAcceptedByTheServices(generated);

        Map<String, String> rotated = generate("secrets.env", "--rotate", "jwt");
        rotated = generate("secrets.env", "--rotate", "playback");
        assertAcceptedByTheServices(rotated);
        KeyRing jwt = new JwtProperties(rotated.get("JWT_KEYS"), rotated.get("JWT_ACTIVE_KID"), Duration.ofMinutes(15),
                Duration.ofSeconds(5), "reelport").keyRing();
        assertThat(jwt.kids()).containsExactly(generated.get("JWT_ACTIVE_KID"), rotated.get("JWT_ACTIVE_KID"));
        assertThat(jwt.activeKid()).isEqualTo(rotated.get("JWT_ACTIVE_KID"));
        KeyRing edge = new PlaybackKeyProperties(rotated.get("PLAYBACK_KEYS"), null, Duration.ofSeconds(30)).verifyingRing();
        assertThat(edge.kids()).containsExactly(generated.get("PLAYBACK_ACTIVE_KID"), rotated.get("PLAYBACK_ACTIVE_KID"));
        assertThat(edge.key(generated.get("PLAYBACK_ACTIVE_KID")).orElseThrow().getEncoded())
                .isEqualTo(Base64.getUrlDecoder().decode(secretOf(generated.get("PLAYBACK_KEYS"))));
    }

    private static void assertAcceptedByTheServices(Map<String, String> env) {
        assertThatCode(() -> {
            KeyRing jwt = new JwtProperties(env.get("JWT_KEYS"), env.get("JWT_ACTIVE_KID"), Duration.ofMinutes(15),
                    Duration.ofSeconds(5), "reelport").keyRing();
            assertThat(jwt.activeKid()).isEqualTo(env.get("JWT_ACTIVE_KID"));
            KeyRing playback = new PlaybackKeyProperties(env.get("PLAYBACK_KEYS"), env.get("PLAYBACK_ACTIVE_KID"),
                    Duration.ofSeconds(30)).signingRing();
            assertThat(playback.activeKid()).isEqualTo(env.get("PLAYBACK_ACTIVE_KID"));
        }).doesNotThrowAnyException();
    }

    @Test
    void appSpecFormatPrintsTheAppPlatformEnvEntries() throws Exception {
        Map<String, String> env = generate("secrets.env");

        BashScript.Result result = script.run("--out", "secrets.env", "--format", "app-spec");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<Map<String, Object>> entries = new Yaml().load(result.stdout());
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        entries.forEach(entry -> byKey.put((String) entry.get("key"), entry));
        assertThat(byKey).containsOnlyKeys("JWT_KEYS", "JWT_ACTIVE_KID", "PLAYBACK_KEYS", "PLAYBACK_ACTIVE_KID",
                "BOOTSTRAP_ADMIN_EMAIL", "BOOTSTRAP_ADMIN_PASSWORD");
        byKey.forEach((key, entry) -> {
            assertThat(entry).containsOnlyKeys("key", "scope", "type", "value");
            assertThat(entry.get("value")).as(key).isEqualTo(env.get(key));
            assertThat(entry.get("scope")).isEqualTo("RUN_TIME");
        });
        for (String secret : List.of("JWT_KEYS", "PLAYBACK_KEYS", "BOOTSTRAP_ADMIN_PASSWORD")) {
            assertThat(byKey.get(secret).get("type")).as(secret).isEqualTo("SECRET");
        }
        assertThat(byKey.get("JWT_ACTIVE_KID").get("type")).isEqualTo("GENERAL");
        assertThat(SecretsScript.readEnv(dir.resolve("secrets.env"))).as("printing changes nothing").isEqualTo(env);
    }

    @Test
    void appSpecFormatCreatesTheFileWhenMissingAndNeverOverwritesIt() throws Exception {
        BashScript.Result first = script.run("--out", "new.env", "--format", "app-spec");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        Map<String, String> created = SecretsScript.readEnv(dir.resolve("new.env"));
        assertThat(first.stdout()).contains(created.get("JWT_KEYS"));

        BashScript.Result second = script.run("--out", "new.env", "--format", "app-spec");
        assertThat(second.stdout()).isEqualTo(first.stdout());
        assertThat(SecretsScript.readEnv(dir.resolve("new.env"))).isEqualTo(created);
    }

    @Test
    void appSpecFormatFillsEveryComponentOfTheProductionSpec() throws Exception {
        Map<String, String> env = generate("secrets.env");
        Files.writeString(dir.resolve("secrets.env"), "edge.S3_ACCESS_KEY=EDGE-KEY\nS3_ACCESS_KEY=SHARED-KEY\n",
                java.nio.file.StandardOpenOption.APPEND);
        Path spec = RepositoryRoot.resolve("deploy/do-app-production.yaml");

        BashScript.Result result = script.run("--out", "secrets.env", "--format", "app-spec", "--spec", spec.toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        AppSpec original = AppSpec.load(spec);
        AppSpec filled = AppSpec.parse(result.stdout());
        assertThat(filled.withoutValues()).as("only values change").isEqualTo(original.withoutValues());
        original.values().forEach((component, values) -> values.forEach((key, value) -> {
            String expected = component.equals("edge") && key.equals("S3_ACCESS_KEY") ? "EDGE-KEY"
                    : key.equals("S3_ACCESS_KEY") ? "SHARED-KEY"
                    : env.getOrDefault(key, value);
            assertThat(filled.values().get(component).get(key)).as(component + " " + key).isEqualTo(expected);
        }));
        assertThat(filled.values().get("backend")).containsEntry("JWT_KEYS", env.get("JWT_KEYS"))
                .containsEntry("BOOTSTRAP_ADMIN_PASSWORD", env.get("BOOTSTRAP_ADMIN_PASSWORD"));
        assertThat(filled.values().get("edge")).containsEntry("PLAYBACK_KEYS", env.get("PLAYBACK_KEYS"))
                .doesNotContainKey("JWT_KEYS");
    }

    @Test
    void refusesWhatItCannotDoWithAReason() throws Exception {
        generate("secrets.env");
        String before = Files.readString(dir.resolve("secrets.env"));

        assertRefused(script.run("--bogus"), "unknown option '--bogus'");
        assertRefused(script.run("--out", "secrets.env", "--rotate", "api"), "--rotate takes jwt or playback");
        assertRefused(script.run("--out", "missing.env", "--rotate", "jwt"), "missing.env does not exist");
        assertRefused(script.run("--out", "secrets.env", "--spec", "x.yaml"), "--spec goes with --format app-spec");
        assertRefused(script.run("--out", "secrets.env", "--format", "json"), "--format takes env or app-spec");
        assertRefused(script.run("--out", "other.env", "--admin-email", "not an address"), "is not an email address");
        assertRefused(script.run("--out", "-", "--rotate", "jwt"), "name it with --out");
        assertRefused(script.run("--out", "secrets.env", "--keep-active"), "--keep-active goes with --rotate");
        assertRefused(script.run("--out", "secrets.env", "--rotate", "jwt", "--retire", "x"), "are separate steps");
        assertThat(Files.readString(dir.resolve("secrets.env"))).isEqualTo(before);
        assertThat(dir.resolve("other.env")).doesNotExist();
    }

    private static void assertRefused(BashScript.Result result, String reason) {
        assertThat(result.exitCode()).as(reason).isNotZero();
        assertThat(result.stderr()).contains(reason);
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void isTheScriptTheDocsName() {
        assertThat(SecretsScript.SCRIPT).isRegularFile().isExecutable();
        assertThat(RepositoryRoot.resolve("docs/operations.md")).content().contains("scripts/generate-secrets.sh");
    }

    static String secretOf(String ring) {
        String[] entries = ring.split(",");
        String last = entries[entries.length - 1];
        return last.substring(last.indexOf(':') + 1);
    }

    static Map<String, String> ring(String value) {
        Map<String, String> ring = new LinkedHashMap<>();
        for (String entry : value.split(",")) {
            ring.put(entry.substring(0, entry.indexOf(':')), entry.substring(entry.indexOf(':') + 1));
        }
        return ring;
    }
}
