package io.reelport.backend.user;

/** Who may create accounts ({@code REGISTRATION_MODE}). */
public enum RegistrationMode {
    /** Anyone may register (as a viewer) at {@code POST /api/auth/register}. */
    OPEN,
    /** Only admins create users, at {@code POST /api/admin/users}. */
    CLOSED
}
