package dev.chorus.infrastructure.persistence.jdbc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Hands the application's container-managed DataSource to grid code that Hazelcast instantiates by class name.
 * Trade-off: a static holder instead of JNDI, because Hazelcast threads carry no application naming context.
 * A member may be asked to load an entry before its own application has deployed (it joined the cluster first),
 * so callers wait for the registration instead of failing at once.
 */
public final class DataSourceRegistry {
    private static volatile CompletableFuture<DataSource> current = new CompletableFuture<>();

    private DataSourceRegistry() {
    }

    public static synchronized void register(DataSource dataSource) {
        if (!current.complete(dataSource)) {
            current = CompletableFuture.completedFuture(dataSource);
        }
    }

    public static DataSource await(Duration timeout) {
        try {
            return current.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the database is not registered yet (application still deploying)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
