package dev.chorus.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.application.bot.PersonaActivity.LastHour;
import dev.chorus.application.bot.PersonaActivity.ReplyLatency;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The console's persona activity: right counts per persona, read with one statement however many personas. */
class JdbcPersonaActivityTest {

    @Test
    void everyPersonasLastHourComesFromOneStatement() throws Exception {
        DataSource h2 = TestDatabases.freshH2();
        AtomicInteger statements = new AtomicInteger();
        ChorusDatabase database = new ChorusDatabase();
        database.dataSource = counting(h2, statements);
        JdbcPersonaActivity activity = new JdbcPersonaActivity();
        activity.database = database;
        activity.init(); // migrates the schema
        long now = System.currentTimeMillis();
        int n = 0;
        try (Connection connection = h2.getConnection()) {
            for (String persona : new String[] {"ada", "bob", "cy", "dee", "eve"}) {
                insert(connection, "m" + n++, now - 1000 - n, persona, "complete", "r" + n);
                insert(connection, "m" + n++, now - 1000 - n, persona, "failed", null);
            }
            insert(connection, "m" + n++, now - 1000 - n, "ada", "complete", "r" + n);
            insert(connection, "m" + n++, now - 1000 - n, "ada", "pending", null);
            insert(connection, "m" + n++, now - 7_200_000, "ada", "failed", null); // two hours ago: not counted
        }
        statements.set(0);
        Map<String, LastHour> found = activity.lastHour();
        assertEquals(1, statements.get(), "one statement for five personas");
        assertEquals(5, found.size());
        assertEquals(new LastHour(2, 1), found.get("ada"));
        assertEquals(new LastHour(1, 1), found.get("eve"));
    }

    @Test
    void replyLatencyIsFromTheMessagesPostToItsStoredReply() throws Exception {
        DataSource h2 = TestDatabases.freshH2();
        JdbcPersonaActivity activity = new JdbcPersonaActivity();
        activity.database = TestDatabases.h2((TestDatabases.Switchable) h2);
        activity.init();
        long now = System.currentTimeMillis();
        try (Connection connection = h2.getConnection()) {
            insert(connection, "q1", now - 60_000, "ada", "complete", "a1");
            insert(connection, "q2", now - 50_000, "ada", "complete", "a2");
            insert(connection, "q3", now - 40_000, "ada", "failed", null);
            insert(connection, "q0", now - 7_200_000, "ada", "complete", "a0"); // two hours ago
            for (String[] reply : new String[][] {{"a1", "1500"}, {"a2", "4200"}, {"a0", "100"}}) {
                long asked = reply[0].equals("a1") ? now - 60_000 : reply[0].equals("a2") ? now - 50_000 : now - 7_200_000;
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO messages (id, ts, text, color,"
                        + " domain, language, message_type) VALUES (?, ?, 'reply', '#11223344', 'example.org', 'en', 'AI')")) {
                    insert.setString(1, reply[0]);
                    insert.setLong(2, asked + Long.parseLong(reply[1]));
                    insert.executeUpdate();
                }
            }
        }
        List<ReplyLatency> latencies = activity.replyLatencies(100);
        assertEquals(List.of(new ReplyLatency(now - 60_000, 1500), new ReplyLatency(now - 50_000, 4200)), latencies,
                "oldest first, the last hour only, failed messages have none");
        assertEquals(List.of(new ReplyLatency(now - 50_000, 4200)), activity.replyLatencies(1), "the newest first kept");
    }

    private static void insert(Connection connection, String id, long ts, String persona, String status, String reply)
            throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO messages (id, ts, text, color, domain,"
                + " language, message_type, bot_entity, bot_status, bot_reply_id) VALUES (?, ?, 'hi', '#11223344',"
                + " 'example.org', 'en', 'human', ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setLong(2, ts);
            insert.setString(3, persona);
            insert.setString(4, status);
            insert.setString(5, reply);
            insert.executeUpdate();
        }
    }

    /** {@code h2}, counting the statements prepared on its connections. */
    private static DataSource counting(DataSource h2, AtomicInteger statements) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object answer = invoke(h2, method, args);
                    if (!(answer instanceof Connection connection)) {
                        return answer;
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().startsWith("prepare")) {
                                    statements.incrementAndGet();
                                }
                                return invoke(connection, m, a);
                            });
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
