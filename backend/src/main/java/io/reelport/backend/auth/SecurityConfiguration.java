package io.reelport.backend.auth;

import io.reelport.backend.apikey.AuthenticatingApiKey;
import io.reelport.backend.platform.http.ClientAddress;
import io.reelport.backend.platform.http.HttpProperties;
import io.reelport.backend.platform.problem.FilterProblems;
import io.reelport.backend.platform.ratelimit.ApiRateLimit;
import io.reelport.backend.platform.ratelimit.RateLimitProperties;
import io.reelport.backend.platform.ratelimit.RateLimiter;
import io.reelport.common.jwt.AccessTokens;
import io.reelport.common.jwt.JwtProperties;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Stateless API security: every request authenticates itself with a bearer credential
 * ({@link BearerAuthentication}); nothing is kept in a session, so CSRF protection has nothing to
 * protect and is off. Health and metrics are open (App Platform's probes and the scraper call them
 * without credentials), and so are the account entry points and the API documentation.
 *
 * <p>Refusals (401, 403) are problems rendered by {@link FilterProblems}, the same mapping every
 * controller error goes through.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    /** Public account endpoints: the credentials are in the body. */
    static final String[] ACCOUNT_ENTRY_POINTS = {"/api/auth/register", "/api/auth/login", "/api/auth/refresh",
            "/api/auth/logout"};
    /** OpenAPI document and Swagger UI (springdoc serves the UI's assets under /api/swagger-ui). */
    static final String[] DOCUMENTATION = {"/v3/api-docs", "/v3/api-docs/**", "/api/docs", "/api/docs/**",
            "/api/swagger-ui/**"};
    static final String[] OPERATIONS = {"/actuator/health", "/actuator/health/**", "/actuator/info",
            "/actuator/prometheus", "/api/health"};

    @Bean
    AccessTokens accessTokens(JwtProperties properties, Clock clock) {
        return new AccessTokens(properties, clock);
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, AuthenticatingAccessToken accessTokens, AuthenticatingApiKey apiKeys,
            FilterProblems problems, ClientAddress clientAddress, RateLimiter rateLimiter, RateLimitProperties limits)
            throws Exception {
        BearerAuthentication bearer = new BearerAuthentication(accessTokens, apiKeys, problems);
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(cors -> { })
                .headers(headers -> headers
                        // Spring writes HSTS only for request.isSecure(); behind App Platform TLS ends at
                        // the proxy, so ask the trusted proxy's scheme header as well.
                        .httpStrictTransportSecurity(hsts -> hsts.requestMatcher(clientAddress::isSecure)
                                .maxAgeInSeconds(Duration.ofDays(365).toSeconds()).includeSubDomains(true))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .addFilterBefore(bearer, UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(new ApiRateLimit(rateLimiter, limits, clientAddress, problems), BearerAuthentication.class)
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll()
                        .requestMatchers(OPERATIONS).permitAll()
                        .requestMatchers(DOCUMENTATION).permitAll()
                        .requestMatchers(ACCOUNT_ENTRY_POINTS).permitAll()
                        .requestMatchers("/api/admin/**").hasRole(Role.ADMIN.name())
                        .anyRequest().authenticated())
                .build();
    }

    /** Browsers may call the API only from the exact origins in {@code CORS_ALLOWED_ORIGINS}. */
    @Bean
    CorsConfigurationSource corsConfigurationSource(HttpProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (properties.corsAllowedOrigins().isEmpty()) {
            return source;
        }
        CorsConfiguration api = new CorsConfiguration();
        api.setAllowedOrigins(properties.corsAllowedOrigins());
        api.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
        api.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT,
                "Idempotency-Key"));
        api.setExposedHeaders(List.of(HttpHeaders.RETRY_AFTER, HttpHeaders.LOCATION, HttpHeaders.WWW_AUTHENTICATE));
        // Bearer tokens travel in a header, never in cookies.
        api.setAllowCredentials(false);
        api.setMaxAge(Duration.ofHours(1));
        source.registerCorsConfiguration("/api/**", api);
        return source;
    }
}
