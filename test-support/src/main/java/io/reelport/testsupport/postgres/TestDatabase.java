package io.reelport.testsupport.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A database of its own for one test class, on the server {@link TestPostgres} found. Give these
 * values to Spring ({@code spring.datasource.*}) or to Flyway, or connect directly.
 */
public record TestDatabase(String name, String jdbcUrl, String username, String password) {

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    @Override
    public String toString() {
        return "TestDatabase[" + jdbcUrl + " as " + username + "]";
    }
}
