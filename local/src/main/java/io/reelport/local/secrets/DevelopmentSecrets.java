package io.reelport.local.secrets;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secrets a local platform needs, in the environment variables and formats the services read
 * (the same as {@code scripts/generate-secrets.sh}): key rings as {@code kid:base64url(32 bytes)},
 * the bootstrap admin, and the credentials of the embedded s3proxy.
 */
public record DevelopmentSecrets(
        String jwtKeys,
        String jwtActiveKid,
        String playbackKeys,
        String playbackActiveKid,
        String adminEmail,
        String adminPassword,
        String s3AccessKey,
        String s3SecretKey) {

    public static final String JWT_KEYS = "JWT_KEYS";
    public static final String JWT_ACTIVE_KID = "JWT_ACTIVE_KID";
    public static final String PLAYBACK_KEYS = "PLAYBACK_KEYS";
    public static final String PLAYBACK_ACTIVE_KID = "PLAYBACK_ACTIVE_KID";
    public static final String BOOTSTRAP_ADMIN_EMAIL = "BOOTSTRAP_ADMIN_EMAIL";
    public static final String BOOTSTRAP_ADMIN_PASSWORD = "BOOTSTRAP_ADMIN_PASSWORD";
    public static final String S3_ACCESS_KEY = "S3_ACCESS_KEY";
    public static final String S3_SECRET_KEY = "S3_SECRET_KEY";

    static DevelopmentSecrets fromVariables(Map<String, String> variables) {
        return new DevelopmentSecrets(variables.get(JWT_KEYS), variables.get(JWT_ACTIVE_KID),
                variables.get(PLAYBACK_KEYS), variables.get(PLAYBACK_ACTIVE_KID),
                variables.get(BOOTSTRAP_ADMIN_EMAIL), variables.get(BOOTSTRAP_ADMIN_PASSWORD),
                variables.get(S3_ACCESS_KEY), variables.get(S3_SECRET_KEY));
    }

    /** Variable name to value, in the order the secrets file lists them. */
    public Map<String, String> asVariables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put(JWT_KEYS, jwtKeys);
        variables.put(JWT_ACTIVE_KID, jwtActiveKid);
        variables.put(PLAYBACK_KEYS, playbackKeys);
        variables.put(PLAYBACK_ACTIVE_KID, playbackActiveKid);
        variables.put(BOOTSTRAP_ADMIN_EMAIL, adminEmail);
        variables.put(BOOTSTRAP_ADMIN_PASSWORD, adminPassword);
        variables.put(S3_ACCESS_KEY, s3AccessKey);
        variables.put(S3_SECRET_KEY, s3SecretKey);
        return variables;
    }

    @Override
    public String toString() {
        return "DevelopmentSecrets[jwt " + jwtActiveKid + ", playback " + playbackActiveKid + ", admin " + adminEmail
                + ", s3 " + s3AccessKey + "]";
    }
}
