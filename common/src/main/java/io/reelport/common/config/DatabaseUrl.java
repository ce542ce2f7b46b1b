package io.reelport.common.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A libpq connection URI, as DigitalOcean App Platform injects it into {@code DATABASE_URL}
 * ({@code postgresql://user:pass@host:25060/db?sslmode=require}), turned into JDBC settings.
 *
 * <p>The query string is passed to the PostgreSQL JDBC driver unchanged: it understands the libpq
 * names that matter here ({@code sslmode}, {@code sslrootcert}, {@code connect_timeout} as
 * {@code connectTimeout} aside). User and password move out of the URL into their own settings
 * so that they never appear in a logged JDBC URL.
 */
public record DatabaseUrl(String jdbcUrl, String username, String password) {

    /** @throws IllegalArgumentException with a one-line explanation naming {@code DATABASE_URL} */
    public static DatabaseUrl parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL is empty");
        }
        String trimmed = value.trim();
        if (trimmed.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(trimmed, null, null);
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException bad) {
            throw new IllegalArgumentException("DATABASE_URL is not a valid URI (expected postgresql://user:password@host:port/database?sslmode=require)");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("DATABASE_URL must start with postgresql:// (or be a jdbc:postgresql: URL), not "
                    + uri.getScheme() + "://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("DATABASE_URL has no host");
        }
        String database = uri.getRawPath() == null || uri.getRawPath().length() <= 1
                ? null
                : decode(uri.getRawPath().substring(1));
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL names no database (postgresql://host:port/DATABASE)");
        }
        String username = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String userInfo = uri.getRawUserInfo();
            int colon = userInfo.indexOf(':');
            username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost();
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(host);
        if (uri.getPort() > 0) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append('/').append(uri.getRawPath().substring(1));
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            jdbc.append('?').append(uri.getRawQuery());
        }
        return new DatabaseUrl(jdbc.toString(), username, password);
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + jdbcUrl + ", user=" + username + "]";
    }
}
