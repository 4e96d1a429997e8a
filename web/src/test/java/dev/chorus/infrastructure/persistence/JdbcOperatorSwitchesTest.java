package dev.chorus.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.application.config.TestSettings;
import dev.chorus.infrastructure.personas.PersonaCatalog;
import dev.chorus.support.PostgresDatabase;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    @Test
    void aPersonaSwitchIsStoredWithTheEntryItWasMadeAgainstForEveryMember(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("entities.json");
        Files.writeString(file, """
                [{"id": "sage", "username": "Sage", "color": "255000000", "model": "m", "systemPrompt": "s",
                  "userPrompt": "u"}]""");
        PersonaCatalog catalog = new PersonaCatalog(TestSettings.with(Map.of("chorus.entities", file.toString())));
        catalog.refreshIfChanged();
        DataSource dataSource = TestDatabases.freshH2();
        JdbcOperatorSwitches setter = adapter(dataSource, catalog);
        JdbcOperatorSwitches other = adapter(dataSource,
                new PersonaCatalog(TestSettings.with(Map.of("chorus.entities", "no-such-file.json"))));
        setter.setPersonaEnabled("sage", false);
        String hash = catalog.snapshot().entryHash("sage").orElseThrow();
        assertEquals(Map.of("sage", hash), other.entryHashes(), "read back by another member");
        assertFalse(other.personaSwitches().get("sage").enabled());
        setter.setPaused(true);
        assertEquals(Map.of("sage", hash), other.entryHashes(), "the pause switch has none");
    }

    private static JdbcOperatorSwitches adapter(DataSource dataSource, PersonaCatalog catalog) {
        ChorusDatabase database = new ChorusDatabase();
        database.dataSource = dataSource;
        JdbcOperatorSwitches switches = new JdbcOperatorSwitches();
        switches.database = database;
        switches.catalog = catalog;
        switches.init();
        return switches;
    }

    private static void race(DataSource dataSource) throws Exception {
        List<JdbcOperatorSwitches> members = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            members.add(adapter(dataSource,
                    new PersonaCatalog(TestSettings.with(Map.of("chorus.entities", "no-such-file.json")))));
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
            assertEquals(Map.of(), members.get(0).entryHashes(), "no entry for these personas here: no hash");
        } finally {
            pool.shutdownNow();
        }
    }
}
