package io.reelport.backend.user;

import io.reelport.backend.platform.problem.ApiProblem;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email address in the one form the backend stores and compares: trimmed and lower-cased, so
 * {@code Ann@Example.com } and {@code ann@example.com} are one account. Lower-casing the local part
 * is stricter than RFC 5321 allows, but no mail provider in use treats case there as significant,
 * and two accounts differing only in case are always a mistake.
 */
public record EmailAddress(String value) {

    // Deliberately simple: one @, something on both sides, a dot in the domain, no spaces.
    private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    public static final int MAX_LENGTH = 320;

    public static EmailAddress parse(String raw) {
        if (raw == null) {
            throw ApiProblem.badRequest("invalid_email", "An email address is required.").with("field", "email");
        }
        String normalised = raw.strip().toLowerCase(Locale.ROOT);
        if (normalised.length() > MAX_LENGTH || !SHAPE.matcher(normalised).matches()) {
            throw ApiProblem.badRequest("invalid_email", "That is not an email address.").with("field", "email");
        }
        return new EmailAddress(normalised);
    }

    @Override
    public String toString() {
        return value;
    }
}
