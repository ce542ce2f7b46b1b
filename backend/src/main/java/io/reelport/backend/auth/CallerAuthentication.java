package io.reelport.backend.auth;

import java.util.Arrays;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The security context's view of a {@link Caller}. Authorities are cumulative
 * ({@code ROLE_ADMIN} also holds {@code ROLE_EDITOR} and {@code ROLE_VIEWER}), so
 * {@code hasRole('EDITOR')} reads as "at least editor".
 */
final class CallerAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;

    CallerAuthentication(Caller caller) {
        super(authorities(caller.role()));
        this.caller = caller;
        setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(Role role) {
        return Arrays.stream(Role.values()).filter(role::includes)
                .<GrantedAuthority>map(included -> new SimpleGrantedAuthority("ROLE_" + included.name()))
                .toList();
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public String getName() {
        return caller.userId().toString();
    }
}
