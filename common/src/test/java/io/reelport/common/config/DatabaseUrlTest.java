package io.reelport.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class DatabaseUrlTest {

    @Test
    void convertsTheLibpqUriDigitalOceanInjects() {
        DatabaseUrl url = DatabaseUrl.parse(
                "postgresql://doadmin:s3cr%40t%2Fpw@db-postgresql-nyc3-1234.b.db.ondigitalocean.com:25060/defaultdb?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo(
                "jdbc:postgresql://db-postgresql-nyc3-1234.b.db.ondigitalocean.com:25060/defaultdb?sslmode=require");
        assertThat(url.username()).isEqualTo("doadmin");
        assertThat(url.password()).isEqualTo("s3cr@t/pw");
        assertThat(url.toString()).doesNotContain("s3cr");
    }

    @Test
    void acceptsPostgresSchemeNoPortNoCredentialsAndJdbcUrls() {
        assertThat(DatabaseUrl.parse("postgres://localhost/reelport").jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost/reelport");
        assertThat(DatabaseUrl.parse("postgresql://u@[::1]:5432/db").jdbcUrl())
                .isEqualTo("jdbc:postgresql://[::1]:5432/db");
        DatabaseUrl jdbc = DatabaseUrl.parse("jdbc:postgresql://h:5432/db?user=x");
        assertThat(jdbc.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?user=x");
        assertThat(jdbc.username()).isNull();
    }

    @Test
    void plusInAPasswordStaysAPlus() {
        assertThat(DatabaseUrl.parse("postgresql://u:a+b@h/db").password()).isEqualTo("a+b");
    }

    @Test
    void refusesWhatIsNotAPostgresUrl() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://h/db")).hasMessageContaining("must start with postgresql://");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h:5432/")).hasMessageContaining("names no database");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql:///db")).hasMessageContaining("has no host");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h/db name")).hasMessageContaining("not a valid URI");
        assertThatThrownBy(() -> DatabaseUrl.parse(" ")).hasMessageContaining("DATABASE_URL is empty");
    }

    @Test
    void thePostProcessorFillsSpringDatasourceFromDatabaseUrl() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("DATABASE_URL", "postgresql://app:pw@db:25060/app?sslmode=require");

        new DatabaseUrlEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db:25060/app?sslmode=require");
        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("app");
        assertThat(environment.getProperty("spring.datasource.password")).isEqualTo("pw");
    }

    @Test
    void explicitSpringDatasourceSettingsWin() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("DATABASE_URL", "postgresql://app:pw@db:25060/app")
                .withProperty("spring.datasource.url", "jdbc:postgresql://other/db");

        new DatabaseUrlEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://other/db");
        assertThat(environment.getProperty("spring.datasource.username")).isNull();
    }
}
