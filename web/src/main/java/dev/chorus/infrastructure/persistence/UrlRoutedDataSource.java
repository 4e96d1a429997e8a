package dev.chorus.infrastructure.persistence;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The driver class Payara's pool instantiates for {@code @DataSourceDefinition}: it picks H2 or PostgreSQL from
 * the configured URL. Needed because the annotation's class name is fixed at compile time while the database is
 * chosen at run time ({@code CHORUS_DB_URL}); pooling stays Payara's.
 */
public class UrlRoutedDataSource implements DataSource {
    /**
     * PostgreSQL ends a session that sits this long inside a transaction without sending a statement, and rolls
     * it back. Chorus's transactions send their statements back to back (milliseconds); a session idle inside one
     * belongs to a member that is paused (a long GC, a frozen VM) or cut off. Without this its open transaction
     * keeps the writer row locked for as long as the pause lasts, and every member's posts wait on that lock:
     * measured in the pause drill, no post was stored anywhere for the whole 21 s pause. The operator's own
     * {@code options} in the URL come after, so theirs wins.
     */
    static final String IDLE_IN_TRANSACTION = "-c idle_in_transaction_session_timeout=5000";
    private String url;
    private String user;
    private String password;
    private volatile DataSource target;

    public void setUrl(String url) {
        this.url = url;
        target = null;
    }

    public void setURL(String url) {
        setUrl(url);
    }

    public String getUrl() {
        return url;
    }

    public void setUser(String user) {
        this.user = user;
        target = null;
    }

    public void setPassword(String password) {
        this.password = password;
        target = null;
    }

    private DataSource target() throws SQLException {
        DataSource current = target;
        if (current == null) {
            current = create();
            target = current;
        }
        return current;
    }

    private DataSource create() throws SQLException {
        if (url == null) {
            throw new SQLException("no database URL configured (chorus.db.url / CHORUS_DB_URL)");
        }
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser(user);
            h2.setPassword(password);
            return h2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setURL(url);
            String own = postgres.getOptions();
            postgres.setOptions(own == null || own.isBlank() ? IDLE_IN_TRANSACTION : IDLE_IN_TRANSACTION + " " + own);
            postgres.setUser(user);
            postgres.setPassword(password);
            return postgres;
        }
        throw new SQLException("unsupported database URL (use jdbc:h2: or jdbc:postgresql:): " + url);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return target().getConnection();
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        return target().getConnection(username, pass);
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the pool enforces its own timeouts
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
