package io.reelport.local.secrets;

import io.reelport.common.keys.KeyRing;
import io.reelport.common.keys.SecretConfigurationException;
import io.reelport.local.LaunchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code .reelport/secrets.env}: generated on the first run, read on every later one, so tokens,
 * playback URLs and the admin's password stay valid across restarts.
 *
 * <p>An env file ({@code NAME=value} lines) that a shell can {@code source}, readable by its owner
 * only (mode 600). A variable missing from an older file is generated and appended; one that is
 * there is never changed. Key rings are checked with the parser the services use, so a hand-edited
 * file that a service would refuse stops the launcher first, naming the file and the variable.
 */
public final class SecretsFile {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final String ADMIN_EMAIL = "admin@reelport.local";
    private static final Logger log = LoggerFactory.getLogger(SecretsFile.class);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final DateTimeFormatter KID_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private final Path file;
    private final SecureRandom random;
    private final Clock clock;

    public SecretsFile(Path file, SecureRandom random, Clock clock) {
        this.file = file;
        this.random = random;
        this.clock = clock;
    }

    public Path path() {
        return file;
    }

    /** The secrets in the file, after creating it or adding what it lacks. */
    public DevelopmentSecrets loadOrCreate() {
        try {
            Map<String, String> existing = Files.exists(file) ? read() : Map.of();
            Map<String, String> generated = generate();
            List<String> missing = new ArrayList<>();
            Map<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<String, String> entry : generated.entrySet()) {
                String value = existing.get(entry.getKey());
                if (value == null || value.isBlank()) {
                    missing.add(entry.getKey());
                    value = entry.getValue();
                }
                values.put(entry.getKey(), value);
            }
            DevelopmentSecrets secrets = DevelopmentSecrets.fromVariables(values);
            check(secrets);
            if (existing.isEmpty()) {
                write(header() + lines(values, values.keySet()));
                log.info("Generated development secrets in {}", file);
            } else {
                restrictToOwner();
                if (!missing.isEmpty()) {
                    String previous = Files.readString(file, StandardCharsets.UTF_8);
                    write(previous + (previous.endsWith("\n") ? "" : "\n")
                            + "# added by the local runner on " + LocalDate.now(clock) + "\n" + lines(values, missing));
                    log.info("Added {} to {}", String.join(", ", missing), file);
                }
            }
            return secrets;
        } catch (IOException e) {
            throw new LaunchException("cannot read or write the development secrets " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The secrets a running local platform uses, for clients such as the demo; nothing is
     * generated or written.
     *
     * @throws LaunchException when the file does not exist yet (the platform never ran here)
     */
    public DevelopmentSecrets loadExisting() {
        if (!Files.exists(file)) {
            throw new LaunchException(file + " does not exist: start the platform first with scripts/run-local.sh");
        }
        try {
            return DevelopmentSecrets.fromVariables(read());
        } catch (IOException e) {
            throw new LaunchException("cannot read the development secrets " + file + ": " + e.getMessage(), e);
        }
    }

    private Map<String, String> read() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new LaunchException(file + " line " + (i + 1) + " is not NAME=value; fix it, or delete the file to generate new secrets");
            }
            values.put(line.substring(0, equals).strip(), unquote(line.substring(equals + 1).strip()));
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private void check(DevelopmentSecrets secrets) {
        try {
            KeyRing.forSigning(DevelopmentSecrets.JWT_KEYS, secrets.jwtKeys(), DevelopmentSecrets.JWT_ACTIVE_KID, secrets.jwtActiveKid());
            KeyRing.forSigning(DevelopmentSecrets.PLAYBACK_KEYS, secrets.playbackKeys(),
                    DevelopmentSecrets.PLAYBACK_ACTIVE_KID, secrets.playbackActiveKid());
        } catch (SecretConfigurationException e) {
            throw new LaunchException(file + ": " + e.getMessage() + " (or delete the file to generate new secrets)", e);
        }
    }

    /** A full set of fresh secrets; only the ones the file lacks are used. */
    private Map<String, String> generate() {
        String date = LocalDate.now(clock).format(KID_DATE);
        String jwtKid = "dev-jwt-" + date;
        String playbackKid = "dev-playback-" + date;
        Map<String, String> values = new LinkedHashMap<>();
        values.put(DevelopmentSecrets.JWT_KEYS, jwtKid + ":" + randomBase64Url(KeyRing.MIN_SECRET_BYTES));
        values.put(DevelopmentSecrets.JWT_ACTIVE_KID, jwtKid);
        values.put(DevelopmentSecrets.PLAYBACK_KEYS, playbackKid + ":" + randomBase64Url(KeyRing.MIN_SECRET_BYTES));
        values.put(DevelopmentSecrets.PLAYBACK_ACTIVE_KID, playbackKid);
        values.put(DevelopmentSecrets.BOOTSTRAP_ADMIN_EMAIL, ADMIN_EMAIL);
        values.put(DevelopmentSecrets.BOOTSTRAP_ADMIN_PASSWORD, password());
        values.put(DevelopmentSecrets.S3_ACCESS_KEY, "local-" + HexFormat.of().formatHex(randomBytes(4)));
        values.put(DevelopmentSecrets.S3_SECRET_KEY, randomBase64Url(30));
        return values;
    }

    /**
     * 24 base64url characters (144 bits), with at least one upper-case letter, lower-case letter
     * and digit, so it passes a password policy that asks for character classes too.
     */
    private String password() {
        while (true) {
            String candidate = randomBase64Url(18);
            if (candidate.chars().anyMatch(Character::isUpperCase) && candidate.chars().anyMatch(Character::isLowerCase)
                    && candidate.chars().anyMatch(Character::isDigit)) {
                return candidate;
            }
        }
    }

    private String randomBase64Url(int bytes) {
        return BASE64URL.encodeToString(randomBytes(bytes));
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private String header() {
        return "# Reelport development secrets, generated by the local runner on " + LocalDate.now(clock) + ".\n"
                + "# For this machine only: never use them for a deployment (scripts/generate-secrets.sh makes those).\n"
                + "# Kept across runs. Deleting this file makes new keys: tokens and playback URLs issued before\n"
                + "# stop working, and the admin keeps the password it was created with.\n";
    }

    private static String lines(Map<String, String> values, Iterable<String> names) {
        StringBuilder text = new StringBuilder();
        for (String name : names) {
            text.append(name).append('=').append(values.get(name)).append('\n');
        }
        return text.toString();
    }

    /** Writes {@code content} with mode 600 from the first byte, replacing the file atomically. */
    private void write(String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path partial = Files.createTempFile(file.toAbsolutePath().getParent(), ".secrets", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(partial, content, StandardCharsets.UTF_8);
            try {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private void restrictToOwner() throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!permissions.equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            log.warn("{} was {}; it holds secrets, so it is now {}", file, PosixFilePermissions.toString(permissions),
                    PosixFilePermissions.toString(OWNER_ONLY));
        }
    }
}
