package io.reelport.testsupport.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresUrlTest {

    @Test
    void readsTheLibpqFormDigitalOceanInjects() {
        PostgresUrl url = PostgresUrl.parse("TEST_DATABASE_URL",
                "postgresql://doadmin:p%40ss%3Aword@db-1.example.com:25060/defaultdb?sslmode=require");

        assertThat(url.host()).isEqualTo("db-1.example.com");
        assertThat(url.port()).isEqualTo(25060);
        assertThat(url.database()).isEqualTo("defaultdb");
        assertThat(url.user()).isEqualTo("doadmin");
        assertThat(url.password()).isEqualTo("p@ss:word");
        assertThat(url.jdbcUrl("rpt_1")).isEqualTo("jdbc:postgresql://db-1.example.com:25060/rpt_1?sslmode=require");
    }

    @Test
    void readsAJdbcUrlWithCredentialsInTheQuery() {
        PostgresUrl url = PostgresUrl.parse("TEST_DATABASE_URL", "jdbc:postgresql://localhost/app?user=app&password=secret&ssl=false");

        assertThat(url.port()).isEqualTo(5432);
        assertThat(url.database()).isEqualTo("app");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("secret");
        assertThat(url.jdbcUrl("other")).isEqualTo("jdbc:postgresql://localhost:5432/other?ssl=false");
    }

    @Test
    void defaultsToThePostgresDatabase() {
        assertThat(PostgresUrl.parse("X", "postgres://u@host").database()).isEqualTo("postgres");
    }

    @Test
    void refusesWhatIsNotAPostgresUrl() {
        assertThatThrownBy(() -> PostgresUrl.parse("TEST_DATABASE_URL", "mysql://u:p@host/db"))
                .hasMessageStartingWith("TEST_DATABASE_URL must look like postgresql://");
    }
}
