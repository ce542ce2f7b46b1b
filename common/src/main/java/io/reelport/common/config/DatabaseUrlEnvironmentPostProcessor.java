package io.reelport.common.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Accepts {@code DATABASE_URL} in the libpq form that DigitalOcean (and Heroku-style platforms)
 * inject, and exposes it as {@code spring.datasource.*}. Settings given explicitly
 * ({@code SPRING_DATASOURCE_URL} and friends, or {@code spring.datasource.url}) win, so an
 * operator can always override; the converted values are added with the lowest precedence.
 */
public final class DatabaseUrlEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String VARIABLE = "DATABASE_URL";
    private static final String SOURCE_NAME = "reelportDatabaseUrl";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String value = environment.getProperty(VARIABLE);
        if (value == null || value.isBlank() || environment.containsProperty("spring.datasource.url")) {
            return;
        }
        DatabaseUrl url = DatabaseUrl.parse(value);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", url.jdbcUrl());
        if (url.username() != null && !environment.containsProperty("spring.datasource.username")) {
            properties.put("spring.datasource.username", url.username());
        }
        if (url.password() != null && !environment.containsProperty("spring.datasource.password")) {
            properties.put("spring.datasource.password", url.password());
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, properties));
    }

    @Override
    public int getOrder() {
        // After config files are loaded, so that an explicit spring.datasource.url there wins.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
