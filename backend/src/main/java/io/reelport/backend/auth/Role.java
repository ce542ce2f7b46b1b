package io.reelport.backend.auth;

/**
 * What a caller may do. Declared from least to most privileged so that {@link #includes} is an
 * ordinal comparison: an admin can do everything an editor can, an editor everything a viewer can.
 */
public enum Role {
    VIEWER,
    EDITOR,
    ADMIN;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }
}
