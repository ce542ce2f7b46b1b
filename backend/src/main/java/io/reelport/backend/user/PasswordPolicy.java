package io.reelport.backend.user;

import io.reelport.backend.platform.problem.ApiProblem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a new password must be: long enough (length is what makes a password hard to guess, so
 * there are no character-class rules), not absurdly long (Argon2 hashes every byte), not one of the
 * most common passwords, not that with digits or symbols tacked on, not one or two repeated
 * characters, not only digits, and not the account's own email address.
 */
public final class PasswordPolicy {

    public static final int MAX_LENGTH = 256;
    private static final Set<String> COMMON = load();

    private final int minLength;

    public PasswordPolicy(int minLength) {
        this.minLength = minLength;
    }

    /** Throws a 400 {@code weak_password} problem saying what is wrong. */
    public void check(String password, EmailAddress email) {
        if (password == null || password.codePointCount(0, password.length()) < minLength) {
            throw weak("Use at least " + minLength + " characters.");
        }
        if (password.length() > MAX_LENGTH) {
            throw weak("Use at most " + MAX_LENGTH + " characters.");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (lower.chars().distinct().count() <= 2) {
            throw weak("Use more than one or two different characters.");
        }
        if (isCommon(lower)) {
            throw weak("That password is one of the most commonly used; choose another.");
        }
        if (lower.chars().allMatch(Character::isDigit)) {
            throw weak("Use more than digits.");
        }
        if (email != null && containsEmail(lower, email)) {
            throw weak("Do not use your email address in the password.");
        }
    }

    static boolean isCommon(String lower) {
        if (COMMON.contains(lower)) {
            return true;
        }
        // "password123!" is "password" to anyone guessing: strip what people tack on at either end.
        String core = lower.replaceAll("^[^a-z]+", "").replaceAll("[^a-z]+$", "");
        return !core.isEmpty() && COMMON.contains(core);
    }

    private static boolean containsEmail(String lower, EmailAddress email) {
        String localPart = email.value().substring(0, email.value().indexOf('@'));
        return lower.contains(email.value()) || localPart.length() >= 4 && lower.contains(localPart);
    }

    private static ApiProblem weak(String detail) {
        return ApiProblem.badRequest("weak_password", detail).with("field", "password");
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("common-passwords.txt is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String word = line.strip().toLowerCase(Locale.ROOT);
                if (!word.isEmpty() && !word.startsWith("#")) {
                    words.add(word);
                }
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        return Set.copyOf(words);
    }
}
