package dev.chorus.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.PostgresDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two members (here: two adapters on one database, as two members have) setting a switch for the first time at
 * the same moment both succeed, on H2 and on PostgreSQL, and the switch ends as one of them set it.
 */
class JdbcOperatorSwitchesTest {
    private static final int WRITERS = 8;
    private static final int ROUNDS = 25;

    @Test
    void firstWritesRacingOnH2AllSucceed() throws Exception {
        race(TestDatabases.freshH2());
    }

    @Test
    void firstWritesRacingOnPostgresqlAllSucceed() throws Exception {
        try (PostgresDatabase postgres = PostgresDatabase.createOrSkip()) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(postgres.url());
            dataSource.setUser("postgres");
            race(dataSource);
        }
    }

    private static void race(DataSource dataSource) throws Exception {
        List<JdbcOperatorSwitches> members = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            ChorusDatabase database = new ChorusDatabase();
            database.dataSource = dataSource;
            JdbcOperatorSwitches switches = new JdbcOperatorSwitches();
            switches.database = database;
            switches.init();
            members.add(switches);
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String persona = "persona-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> writes = new ArrayList<>();
                for (int i = 0; i < WRITERS; i++) {
                    JdbcOperatorSwitches member = members.get(i);
                    boolean enabled = i % 2 == 0;
                    writes.add(pool.submit(() -> {
                        go.await();
                        member.setPersonaEnabled(persona, enabled);
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> write : writes) {
                    write.get(); // a duplicate key would surface here as a StorageUnavailableException
                }
                assertNotNull(members.get(0).personaSwitches().get(persona), "the switch was stored");
            }
            members.get(0).setPaused(true);
            assertTrue(members.get(0).paused());
            members.get(0).setPaused(false);
            assertFalse(members.get(0).paused(), "a second write replaces the first");
            assertEquals(ROUNDS, members.get(0).personaSwitches().size());
        } finally {
            pool.shutdownNow();
        }
    }
}
