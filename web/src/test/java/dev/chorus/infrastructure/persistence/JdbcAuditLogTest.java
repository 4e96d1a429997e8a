package dev.chorus.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.application.Caller;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;

/**
 * An operator action whose audit entry cannot be written (the database is down) is not failed, but counted in
 * {@code chorus.audit.failures} and logged once for the whole run of failures; the next entry written says so.
 */
class JdbcAuditLogTest {

    @Test
    void entriesThatCannotBeWrittenAreCountedAndLoggedOnce() {
        TestDatabases.Switchable h2 = TestDatabases.freshH2();
        AtomicLong counted = new AtomicLong();
        JdbcAuditLog audit = new JdbcAuditLog();
        audit.database = TestDatabases.h2(h2);
        audit.metrics = registryCounting("chorus.audit.failures", counted);
        audit.init();
        List<LogRecord> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord entry) {
                if (entry.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(entry);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(JdbcAuditLog.class.getName());
        logger.addHandler(capture);
        try {
            Caller operator = new Caller("127.0.0.1", false, true);
            h2.down();
            audit.recordDone(operator, "hide", "m1", null); // must not throw: the hide took effect
            audit.recordDone(operator, "hide", "m2", null);
            audit.recordDone(operator, "ban", "b1", null);
            assertEquals(3, counted.get(), "each lost entry counted");
            assertEquals(1, warnings.size(), "logged once, not per action");

            h2.up();
            audit.recordDone(operator, "restore", "m1", null);
            assertEquals(3, counted.get());
            assertEquals(2, warnings.size(), "the end of the run is logged too");
            assertEquals(List.of("restore"), audit.newest(10).stream().map(e -> e.action()).toList());
        } finally {
            logger.removeHandler(capture);
        }
    }

    private static MetricRegistry registryCounting(String name, AtomicLong counted) {
        Counter counter = (Counter) Proxy.newProxyInstance(Counter.class.getClassLoader(), new Class<?>[] {Counter.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "inc" -> {
                        counted.addAndGet(args == null ? 1 : (Long) args[0]);
                        yield null;
                    }
                    case "getCount" -> counted.get();
                    default -> null;
                });
        return (MetricRegistry) Proxy.newProxyInstance(MetricRegistry.class.getClassLoader(),
                new Class<?>[] {MetricRegistry.class}, (proxy, method, args) ->
                        method.getName().equals("counter") && name.equals(args[0]) ? counter : null);
    }
}
