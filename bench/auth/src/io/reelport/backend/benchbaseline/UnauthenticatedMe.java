package io.reelport.backend.benchbaseline;

import io.reelport.backend.auth.Role;
import io.reelport.backend.user.UserAccount;
import io.reelport.backend.user.UserAccounts;
import java.time.Instant;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The baseline of bench/auth-bench.sh, never part of the backend: it is compiled by the script
 * and put on the classpath of the packaged backend for the benchmark run only. {@code GET
 * /bench/me?user=...} does what {@code GET /api/auth/me} does after authentication (read the user,
 * answer the same JSON) behind a security chain that authenticates nobody, so the difference between
 * the two is what authentication costs: bearer parsing, JWT verification, the user's token-version
 * lookup and the Redis rate-limit counter.
 */
@RestController
class UnauthenticatedMe {

    private final UserAccounts users;

    UnauthenticatedMe(UserAccounts users) {
        this.users = users;
    }

    @GetMapping("/bench/me")
    Me me(@RequestParam UUID user) {
        UserAccount account = users.findById(user).orElseThrow();
        return new Me(account.id(), account.email(), account.role(), account.role(), null, account.createdAt());
    }

    record Me(UUID id, String email, Role role, Role userRole, UUID apiKeyId, Instant createdAt) {
    }

    @Configuration(proxyBeanMethods = false)
    static class OpenChain {

        @Bean
        @Order(0)
        SecurityFilterChain benchBaseline(HttpSecurity http) throws Exception {
            return http.securityMatcher("/bench/**")
                    .csrf(AbstractHttpConfigurer::disable)
                    .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .build();
        }
    }
}
