package dev.chorus.support;

import dev.chorus.testing.Prerequisites;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A fresh PostgreSQL database on 127.0.0.1:5432 for one test class, dropped afterwards. Where no PostgreSQL
 * answers, the calling tests are skipped with a message saying how to enable them (CI always starts it).
 */
public final class PostgresDatabase implements AutoCloseable {
    public static final String HOW_TO_ENABLE = "PostgreSQL not reachable at 127.0.0.1:5432 (database test, user postgres);"
            + " start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String USER = "postgres";

    private final String name;

    private PostgresDatabase(String name) {
        this.name = name;
    }

    /** Creates the database, or skips the test class when PostgreSQL is not there. */
    public static PostgresDatabase createOrSkip() {
        String name = "chorus_it_" + Long.toHexString(System.nanoTime());
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, USER, "");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            Prerequisites.require(false, () -> HOW_TO_ENABLE + " (" + e.getMessage() + ")");
        }
        return new PostgresDatabase(name);
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    /** A connection of the test's own to this database (to hold locks, read rows). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    /** Environment that points a Chorus member at this database. */
    public Map<String, String> chorusEnv() {
        return Map.of("CHORUS_DB_URL", url(), "CHORUS_DB_USER", USER, "CHORUS_DB_PASSWORD", "unused");
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, USER, "");
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
