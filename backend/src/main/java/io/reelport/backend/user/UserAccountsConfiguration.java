package io.reelport.backend.user;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class UserAccountsConfiguration {

    /**
     * Argon2id with Spring Security's current defaults (19 MiB, 2 iterations, parallelism 1: the
     * OWASP minimum), about 20-40 ms per hash on one core. The encoded hash carries its parameters,
     * so raising them later still verifies old hashes.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    @Bean
    PasswordPolicy passwordPolicy(AccountProperties properties) {
        return new PasswordPolicy(properties.minPasswordLength());
    }
}
