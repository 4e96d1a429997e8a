package dev.chorus.infrastructure.persistence;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The board's database for component tests: a fresh in-memory H2 database per call, behind a switch that takes
 * it down (every new connection fails) or fails only the insert of a new message, as a database lost in the
 * middle of a post does.
 */
public final class TestDatabases {
    private TestDatabases() {
    }

    /** A {@link ChorusDatabase} over a fresh H2 database; {@link ChorusDatabase#prepare} migrates it. */
    public static ChorusDatabase h2(Switchable dataSource) {
        ChorusDatabase database = new ChorusDatabase();
        database.dataSource = dataSource;
        return database;
    }

    public static Switchable freshH2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:chorus_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        h2.setPassword("");
        return new Switchable(h2);
    }

    /** What the database does to the next requests. */
    public enum Mode {
        UP,
        /** Every new connection fails. */
        DOWN,
        /** The insert of a new message fails; everything else works. */
        INSERTS_FAIL,
        /**
         * The commit of a transaction fails and the database is down from then on: the outcome is unknown (a
         * failure before the commit is known to have stored nothing, see NothingStoredException).
         */
        DOWN_AT_COMMIT
    }

    /** A DataSource that can be taken down; see {@link Mode}. */
    public static final class Switchable implements DataSource {
        private static final String INSERT = "INSERT INTO messages";
        private final DataSource delegate;
        private volatile Mode mode = Mode.UP;

        Switchable(DataSource delegate) {
            this.delegate = delegate;
        }

        public void set(Mode next) {
            mode = next;
        }

        public void down() {
            set(Mode.DOWN);
        }

        public void up() {
            set(Mode.UP);
        }

        /** Drops the in-memory database (its last connection closed does not, with DB_CLOSE_DELAY=-1). */
        public void shutdown() throws SQLException {
            try (Connection connection = delegate.getConnection()) {
                connection.createStatement().execute("SHUTDOWN");
            }
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (mode == Mode.DOWN) {
                throw new SQLException("Connection refused (the test took the database down)", "08001");
            }
            Connection connection = delegate.getConnection();
            if (mode == Mode.UP) {
                return connection;
            }
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement") && args[0] instanceof String sql
                                && sql.startsWith(INSERT) && mode == Mode.INSERTS_FAIL) {
                            throw new SQLException("I/O error (the test failed the insert)", "08006");
                        }
                        if (method.getName().equals("commit") && mode == Mode.DOWN_AT_COMMIT) {
                            mode = Mode.DOWN;
                            throw new SQLException("I/O error (the test failed the commit)", "08006");
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
