package dev.chorus.infrastructure.persistence.jdbc;

import static dev.chorus.domain.TestMessages.BLUE;
import static dev.chorus.domain.TestMessages.GREEN;
import static dev.chorus.domain.TestMessages.RED;
import static dev.chorus.domain.TestMessages.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.BotParams;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.InvalidMessageException;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageCounts;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.NothingStoredException;
import dev.chorus.domain.StorageUnavailableException;
import dev.chorus.domain.UserFilter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storage contract of {@link JdbcMessageRepository} on a schema made by the real Flyway migrations. Each
 * concrete subclass supplies a fresh database (H2, PostgreSQL); every test starts from empty tables.
 */
abstract class AbstractMessageRepositoryTest {
    private static final java.util.logging.Logger FLYWAY_LOG = java.util.logging.Logger.getLogger("org.flywaydb");

    static {
        // Flyway logs every run at INFO and warns that it has not been tested with H2 2.2.224: noise here
        FLYWAY_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    protected JdbcMessageRepository repository;

    /** The migrated database of this test class. */
    protected abstract DataSource dataSource();

    /** Flyway configured exactly as the subclass configured it for the first migration. */
    protected abstract Flyway flyway();

    static Flyway flyway(DataSource dataSource, String schema) {
        var configuration = Flyway.configure().dataSource(dataSource).locations(SchemaMigrations.locations(dataSource));
        if (schema != null) {
            configuration.schemas(schema).defaultSchema(schema);
        }
        return configuration.load();
    }

    /** Skips each test (visibly, with the reason) when the database is not there. */
    protected void assumeAvailable() {
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        assumeAvailable();
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM messages");
            statement.executeUpdate("UPDATE message_counts SET n = 0");
        }
        repository = new JdbcMessageRepository(this::dataSource);
    }

    // --- the writer epoch ---------------------------------------------------------------------------------

    @Test
    void anInsertUnderTheCurrentEpochIsStoredAndCountedOnce() {
        long epoch = repository.claimWriterEpoch();
        Message post = message("e1").timestamp(100).build();
        assertTrue(repository.insertStamped(post, epoch, 5));
        assertEquals(false, repository.insertStamped(post.withTimestamp(101), epoch, 5), "same id: nothing new");
        assertEquals(1, rows());
        assertEquals(new MessageCounts(1, 0), repository.counts());
        assertEquals(100, repository.find(new MessageId("e1")).orElseThrow().timestamp());
    }

    @Test
    void aTakeOverRefusesEveryLaterInsertOfTheWriterItReplaced() {
        long old = repository.claimWriterEpoch();
        long current = repository.claimWriterEpoch();
        assertTrue(current > old);
        assertThrows(dev.chorus.domain.StaleWriterException.class,
                () -> repository.insertStamped(message("late").timestamp(200).build(), old, 5));
        assertEquals(0, rows(), "the replaced writer stored nothing");
        assertEquals(new MessageCounts(0, 0), repository.counts());
        assertTrue(repository.insertStamped(message("late").timestamp(201).build(), current, 5));
    }

    @Test
    void aBatchStoresEachNewMessageOnceAndTellsEachOutcome() {
        long epoch = repository.claimWriterEpoch();
        assertTrue(repository.insertStamped(message("old").timestamp(10).build(), epoch, 5));
        List<Message> batch = List.of(
                message("b1").timestamp(20).build(),
                message("old").timestamp(21).build(), // stored before
                message("b2").timestamp(22).type(MessageType.AI).build(),
                message("b1").timestamp(23).build()); // twice in the batch
        assertEquals(List.of(StampedInsert.INSERTED, StampedInsert.ALREADY_STORED, StampedInsert.INSERTED,
                StampedInsert.ALREADY_STORED), repository.insertStamped(batch, epoch, StatementBudget.ofSeconds(5)));
        assertEquals(3, rows());
        assertEquals(new MessageCounts(2, 1), repository.counts());
        assertEquals(20, repository.find(new MessageId("b1")).orElseThrow().timestamp());
    }

    @Test
    void aBatchUnderAReplacedEpochStoresNothing() {
        long old = repository.claimWriterEpoch();
        repository.claimWriterEpoch();
        assertEquals(List.of(StampedInsert.STALE, StampedInsert.STALE), repository.insertStamped(
                List.of(message("x").timestamp(1).build(), message("y").timestamp(2).build()), old, StatementBudget.ofSeconds(5)));
        assertEquals(0, rows());
        assertEquals(new MessageCounts(0, 0), repository.counts());
    }

    @Test
    void aTakenTimestampInABatchRefusesOnlyThatMessage() {
        long epoch = repository.claimWriterEpoch();
        assertTrue(repository.insertStamped(message("first").timestamp(300).build(), epoch, 5));
        assertEquals(List.of(StampedInsert.INSERTED, StampedInsert.STALE, StampedInsert.INSERTED),
                repository.insertStamped(List.of(message("c1").timestamp(301).build(),
                        message("c2").timestamp(300).build(), message("c3").timestamp(302).build()), epoch,
                        StatementBudget.ofSeconds(5)));
        assertEquals(3, rows());
        assertEquals(new MessageCounts(3, 0), repository.counts());
    }

    @Test
    void aCursorStampedTwiceIsRefusedAsAStaleWriterNotAsAnOutage() {
        long epoch = repository.claimWriterEpoch();
        assertTrue(repository.insertStamped(message("a").timestamp(300).build(), epoch, 5));
        assertThrows(dev.chorus.domain.StaleWriterException.class,
                () -> repository.insertStamped(message("b").timestamp(300).build(), epoch, 5));
        assertEquals(1, rows());
    }

    @Test
    void databaseErrorsCrossTheGridWithoutDriverClasses() throws Exception {
        StorageUnavailableException e = assertThrows(StorageUnavailableException.class,
                () -> new JdbcMessageRepository(() -> {
                    throw new IllegalStateException(new SQLException("boom", "08006"));
                }).counts());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertTrue(t.getClass().getName().startsWith("java.") || t.getClass().getName().startsWith("dev.chorus."),
                    "a member without the driver must be able to deserialise " + t.getClass());
        }
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private long rows() {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM messages")) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Saves {@code n} messages with timestamps 10, 20, ... (in shuffled order); every third is AI. */
    private List<Message> seed(int n) {
        List<Message> messages = IntStream.rangeClosed(1, n)
                .mapToObj(i -> message("m" + i).text("message number " + i).timestamp(i * 10L)
                        .type(i % 3 == 0 ? MessageType.AI : MessageType.HUMAN).context(List.of("line " + i)).build())
                .collect(Collectors.toList());
        List<Message> shuffled = new ArrayList<>(messages);
        Collections.shuffle(shuffled, new Random(n));
        shuffled.forEach(repository::save);
        return messages;
    }

    private static List<Long> timestamps(List<Message> messages) {
        return messages.stream().map(Message::timestamp).collect(Collectors.toList());
    }

    private static List<Long> range(long from, long to, long step) {
        List<Long> values = new ArrayList<>();
        if (step > 0) {
            for (long v = from; v <= to; v += step) {
                values.add(v);
            }
        } else {
            for (long v = from; v >= to; v += step) {
                values.add(v);
            }
        }
        return values;
    }

    // --- save / find --------------------------------------------------------------------------------------

    @Test
    void saveInsertsThenUpdatesTheSameIdKeepingOneRowAndCountingOnce() {
        BotParams pending = BotParams.request("alice", 5, null, null, null).startPending();
        Message original = message("m1").text("hello").timestamp(100).botParams(pending).build();
        repository.save(original);
        assertEquals(new MessageCounts(1, 0), repository.counts());

        Message processed = original.withBotParams(pending.withProcessed(true));
        repository.save(processed);
        repository.save(processed);

        assertEquals(1, rows());
        assertEquals(new MessageCounts(1, 0), repository.counts(), "an update is not a new message");
        assertEquals(processed, repository.find(new MessageId("m1")).orElseThrow());
    }

    @Test
    void aSecondMessageWithATakenTimestampIsRefusedAndCountsNothing() {
        repository.save(message("m1").timestamp(100).build());
        StorageUnavailableException error = assertThrows(StorageUnavailableException.class,
                () -> repository.save(message("m2").timestamp(100).type(MessageType.AI).build()));
        assertTrue(error.getCause().getMessage().contains("Key") || error.getCause().getMessage().contains("23505"),
                "the driver's error kept as text: " + error.getCause());
        assertTrue(error.getMessage().contains("[23"), "the SQL state is named: " + error.getMessage());
        assertEquals(new MessageCounts(1, 0), repository.counts(), "the count bump rolled back with the insert");
        assertTrue(repository.find(new MessageId("m2")).isEmpty());
        assertEquals(1, rows());
    }

    @Test
    void findRoundTripsEveryFieldAtItsLimitIncludingTrickyContextLines() {
        List<String> context = List.of(
                "alice: two\nlines",
                "bob: back\\slash",
                "carol: literal \\n is not a newline",
                "dave: ends with a backslash \\",
                "eve: \\\\ double and \\\n both",
                "",
                "[3]",
                "\n",
                "\\",
                "windows\r\nline end",
                "unicode: héllo ✓ 😀 日本語",
                "   spaces kept   ");
        BotParams params = new BotParams("e".repeat(64), 0, "m".repeat(200), "sixteen-chars-xx:255128000", "ALL",
                false, BotStatus.FAILED, 3, "r".repeat(64), "x".repeat(1000));
        Message full = message("i".repeat(64)).text("t".repeat(998) + "😀").timestamp(1_700_000_000_123L)
                .clientTimestamp(-5L).username("u".repeat(16)).color(BLUE).domain("d".repeat(253))
                .language("l".repeat(35)).type(MessageType.AI).misc("y".repeat(1000)).context(context)
                .botParams(params).replyTo("q".repeat(64)).build();
        repository.save(full);

        Message found = repository.find(full.id()).orElseThrow();
        assertEquals(context, found.context());
        assertEquals(full, found);
    }

    @Test
    void findRoundTripsAMinimalMessageWithAbsentFieldsStillAbsent() {
        Message minimal = message("m").text("x").timestamp(1).build();
        repository.save(minimal);
        Message found = repository.find(new MessageId("m")).orElseThrow();
        assertEquals(minimal, found);
        assertNull(found.context());
        assertNull(found.botParams());
        assertNull(found.clientTimestamp());
        assertNull(found.username());
    }

    @Test
    void anEmptyContextIsKeptAsEmptyNotAbsent() {
        repository.save(message("m").timestamp(1).context(List.of()).build());
        assertEquals(List.of(), repository.find(new MessageId("m")).orElseThrow().context());
    }

    @Test
    void contextAtItsLimitsRoundTripsEvenWhenEscapingDoublesIt() {
        String worst = "\\\n".repeat(500); // 1000 characters, 2000 once escaped
        List<String> context = new ArrayList<>(Collections.nCopies(199, worst));
        context.add("x".repeat(1000));
        Message message = message("m").timestamp(1).context(context).build();
        repository.save(message);
        assertEquals(context, repository.find(new MessageId("m")).orElseThrow().context());
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
        assertTrue(repository.find(new MessageId("nope")).isEmpty());
    }

    /**
     * Whatever the domain accepts, both databases can store: the one character PostgreSQL refuses (NUL) is
     * refused by the domain with a 400 naming the field, so it never reaches storage as a 503.
     */
    @Test
    void everyTextTheDomainAcceptsCanBeStored() {
        InvalidMessageException refused = org.junit.jupiter.api.Assertions.assertThrows(InvalidMessageException.class,
                () -> message("m").timestamp(1).text("nul\u0000inside").build());
        assertEquals("text", refused.field());
        Message message = message("m").timestamp(1).text("tab\tbell\u0007 ünïcødé ☃ \uD83D\uDE00").build();
        repository.save(message);
        assertEquals(message, repository.find(new MessageId("m")).orElseThrow());
    }

    // --- newest / after -----------------------------------------------------------------------------------

    @Test
    void newestReturnsTheNewestOldestFirstWithoutContext() {
        seed(10);
        List<Message> newest = repository.newest(3);
        assertEquals(List.of(80L, 90L, 100L), timestamps(newest));
        assertTrue(newest.stream().allMatch(m -> m.context() == null), "lists are slim");
        assertEquals(range(10, 100, 10), timestamps(repository.newest(100)));
        assertEquals(List.of(), repository.newest(0));
    }

    @Test
    void afterReturnsTheEarliestMessagesAfterTheCursorNewestFirst() {
        seed(10);
        assertEquals(List.of(30L, 20L, 10L), timestamps(repository.after(0, null, 3)));
        assertEquals(List.of(80L, 70L, 60L), timestamps(repository.after(55, null, 3)));
        assertEquals(List.of(80L, 70L, 60L), timestamps(repository.after(50, null, 3)), "strictly after");
        assertEquals(range(100, 60, -10), timestamps(repository.after(50, null, 100)));
        assertEquals(List.of(), repository.after(100, null, 50));
        assertTrue(repository.after(0, null, 10).stream().allMatch(m -> m.context() == null));
    }

    @Test
    void afterFiltersByType() {
        seed(12); // AI at 30, 60, 90, 120
        assertEquals(List.of(60L, 30L), timestamps(repository.after(0, MessageType.AI, 2)));
        assertEquals(List.of(120L, 90L), timestamps(repository.after(60, MessageType.AI, 10)));
        assertEquals(List.of(50L, 40L, 20L), timestamps(repository.after(10, MessageType.HUMAN, 3)));
    }

    @Test
    void followingTheCursorFiftyAtATimeVisitsEveryMessageExactlyOnce() {
        seed(300);
        assertEquals(300, walk(null).size());
        assertEquals(100, walk(MessageType.AI).size());
        assertEquals(200, walk(MessageType.HUMAN).size());
    }

    private List<String> walk(MessageType type) {
        long cursor = 0;
        List<String> seen = new ArrayList<>();
        for (int round = 0; round < 1000; round++) {
            List<Message> batch = repository.after(cursor, type, 50);
            if (batch.isEmpty()) {
                break;
            }
            batch.forEach(m -> seen.add(m.id().value()));
            cursor = batch.get(0).timestamp();
        }
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no message twice");
        return seen;
    }

    // --- page / search / countMatching --------------------------------------------------------------------

    @Test
    void pageIsCountedFromTheNewestEndAndReturnedOldestFirst() {
        seed(10);
        assertEquals(List.of(80L, 90L, 100L), timestamps(repository.page(0, 3, null, null)));
        assertEquals(List.of(50L, 60L, 70L), timestamps(repository.page(3, 3, null, null)));
        assertEquals(List.of(10L), timestamps(repository.page(9, 3, null, null)));
        assertEquals(List.of(), repository.page(10, 3, null, null));
        assertEquals(List.of(), repository.page(0, 0, null, null));
        assertTrue(repository.page(0, 10, null, null).stream().allMatch(m -> m.context() == null));
    }

    @Test
    void pageFiltersByType() {
        seed(12);
        assertEquals(List.of(90L, 120L), timestamps(repository.page(0, 2, MessageType.AI, null)));
        assertEquals(List.of(30L, 60L), timestamps(repository.page(2, 2, MessageType.AI, null)));
        assertEquals(List.of(100L, 110L), timestamps(repository.page(0, 2, MessageType.HUMAN, "")));
    }

    @Test
    void pagingThroughEverythingReturnsEachMessageOnce() {
        seed(120);
        Set<String> seen = new HashSet<>();
        for (int offset = 0; ; offset += 50) {
            List<Message> page = repository.page(offset, 50, null, null);
            if (page.isEmpty()) {
                break;
            }
            page.forEach(m -> assertTrue(seen.add(m.id().value()), "twice: " + m.id()));
        }
        assertEquals(120, seen.size());
    }

    private void seedSearchable() {
        long ts = 0;
        repository.save(message("pct").timestamp(ts += 10).text("I am 100% sure").build());
        repository.save(message("pct2").timestamp(ts += 10).text("100 percent").build());
        repository.save(message("und").timestamp(ts += 10).text("snake_case name").build());
        repository.save(message("und2").timestamp(ts += 10).text("snakeXcase name").build());
        repository.save(message("bang").timestamp(ts += 10).text("wow!").type(MessageType.AI).build());
        repository.save(message("bang2").timestamp(ts += 10).text("wow").build());
        repository.save(message("hello").timestamp(ts += 10).text("Hello World").build());
        repository.save(message("kitty").timestamp(ts += 10).text("meow").username("HelloKitty").build());
        repository.save(message("shout").timestamp(ts += 10).text("HELLO AGAIN").type(MessageType.AI).build());
    }

    private List<String> search(String term, MessageType type) {
        List<String> ids = repository.page(0, 100, type, term).stream().map(m -> m.id().value())
                .collect(Collectors.toList());
        assertEquals(ids.size(), repository.countMatching(type, term), "countMatching agrees with the page");
        return ids;
    }

    @Test
    void searchIsACaseInsensitiveSubstringOfTextOrUsername() {
        seedSearchable();
        assertEquals(List.of("hello", "kitty", "shout"), search("hello", null));
        assertEquals(List.of("hello", "kitty", "shout"), search("HeLLo", null));
        assertEquals(List.of("kitty"), search("KITTY", null));
        assertEquals(List.of("shout"), search("hello", MessageType.AI));
        assertEquals(List.of("hello", "kitty"), search("hello", MessageType.HUMAN));
        assertEquals(List.of(), search("absent", null));
    }

    @Test
    void searchTreatsPercentUnderscoreAndTheEscapeCharacterLiterally() {
        seedSearchable();
        assertEquals(List.of("pct"), search("%", null));
        assertEquals(List.of("pct"), search("0% s", null));
        assertEquals(List.of("und"), search("_", null));
        assertEquals(List.of("und"), search("e_c", null));
        assertEquals(List.of("bang"), search("!", null));
        assertEquals(List.of("bang"), search("wow!", null));
        assertEquals(List.of(), search("!%", null));
        assertEquals(List.of(), search("\\", null));
    }

    @Test
    void aSearchCountedFromATimestampCountsTheNewerMatchesAndThoseUpToASecondOne() {
        seedSearchable(); // "hello" at ts 70 (hello), 80 (kitty, by name), 90 (shout, AI)
        assertEquals(new SearchMatches(3, 3), repository.countMatching(null, "hello", Long.MIN_VALUE, 90));
        assertEquals(new SearchMatches(1, 3), repository.countMatching(null, "hello", Long.MIN_VALUE, 70));
        assertEquals(new SearchMatches(1, 2), repository.countMatching(null, "HELLO", 70, 80), "after 70, up to 80");
        assertEquals(new SearchMatches(0, 1), repository.countMatching(MessageType.AI, "hello", 70, 80));
        assertEquals(new SearchMatches(0, 0), repository.countMatching(null, "hello", 90, 90));
    }

    @Test
    void blankSearchMeansNoSearch() {
        seedSearchable();
        assertEquals(9, search(" ", null).size());
        assertEquals(9, search(null, null).size());
        assertEquals(2, repository.countMatching(MessageType.AI, null));
        assertEquals(7, repository.countMatching(MessageType.HUMAN, ""));
    }

    @Test
    void searchPagesAreCountedFromTheNewestMatch() {
        seedSearchable();
        assertEquals(List.of("kitty", "shout"),
                repository.page(0, 2, null, "hello").stream().map(m -> m.id().value()).collect(Collectors.toList()));
        assertEquals(List.of("hello"),
                repository.page(2, 2, null, "hello").stream().map(m -> m.id().value()).collect(Collectors.toList()));
    }

    // --- byUsers ------------------------------------------------------------------------------------------

    private void seedUsers() {
        repository.save(message("a1").timestamp(10).username("Alice").color(RED).build());
        repository.save(message("a2").timestamp(20).username("alice!").color(GREEN).build());
        repository.save(message("a3").timestamp(30).username("A-L-I-C-E").color(RED).build());
        repository.save(message("b1").timestamp(40).username("Bob").color(BLUE).build());
        repository.save(message("b2").timestamp(50).username("bobby").color(RED).build());
        repository.save(message("x").timestamp(60).build());
        repository.save(message("c1").timestamp(70).username("Carol").color(RED).context(List.of("c")).build());
    }

    private List<String> byUsers(int limit, String... terms) {
        List<UserFilter> users = List.of(terms).stream().map(UserFilter::parse).collect(Collectors.toList());
        return repository.byUsers(users, limit).stream().map(m -> m.id().value()).collect(Collectors.toList());
    }

    @Test
    void byUsersMatchesTheSearchKeyNewestFirst() {
        seedUsers();
        assertEquals(List.of("a3", "a2", "a1"), byUsers(100, "alice"));
        assertEquals(List.of("a3", "a2", "a1"), byUsers(100, "ALI_CE"));
        assertEquals(List.of("b1"), byUsers(100, "bob"), "whole key, not a prefix");
        assertEquals(List.of("c1", "b1", "a3", "a2", "a1"), byUsers(100, "alice", "bob", "carol"));
        assertEquals(List.of("a3", "a2"), byUsers(2, "alice"));
        assertEquals(List.of(), byUsers(100, "nobody"));
        assertEquals(List.of(), repository.byUsers(List.of(), 100));
        assertNull(repository.byUsers(List.of(UserFilter.parse("carol")), 10).get(0).context());
    }

    @Test
    void byUsersPagesWithOffsetAndCountsEveryMatch() {
        seedUsers();
        List<UserFilter> users = List.of(UserFilter.parse("alice"), UserFilter.parse("bob"));
        assertEquals(4, repository.countByUsers(users));
        assertEquals(List.of("a3", "a2"), repository.byUsers(users, 1, 2).stream().map(m -> m.id().value()).toList());
        assertEquals(List.of("a1"), repository.byUsers(users, 3, 2).stream().map(m -> m.id().value()).toList());
        assertEquals(2, repository.countByUsers(List.of(UserFilter.parse("alice:255000000"))));
        assertEquals(0, repository.countByUsers(List.of()));
    }

    @Test
    void personaNamesOfUpTo32CharactersAreStored() {
        repository.save(message("ai").timestamp(10).type(MessageType.AI).username("EmotionalIntelligence").build());
        repository.save(message("ai32").timestamp(20).type(MessageType.AI).username("p".repeat(32)).build());
        assertEquals("EmotionalIntelligence", repository.find(new MessageId("ai")).orElseThrow().username());
        assertEquals(List.of("ai"), repository.byUsers(List.of(UserFilter.parse("emotionalintelligence")), 10)
                .stream().map(m -> m.id().value()).toList());
        assertEquals("p".repeat(32), repository.find(new MessageId("ai32")).orElseThrow().username());
    }

    @Test
    void listsCarryTheContextOfPersonaMessagesOnly() {
        BotParams persona = BotParams.request("poet", null, null, null, null).startPending();
        repository.save(message("p").timestamp(10).username("pia").context(List.of("a: b")).botParams(persona).build());
        repository.save(message("q").timestamp(20).username("pia").context(List.of("c: d")).build());
        assertEquals(List.of("a: b"), repository.after(0, null, 10).get(1).context());
        assertNull(repository.after(0, null, 10).get(0).context());
        assertEquals(List.of("a: b"), repository.page(0, 10, null, null).get(0).context());
        assertNull(repository.page(0, 10, null, null).get(1).context());
        assertEquals(List.of("a: b"), repository.byUsers(List.of(UserFilter.parse("pia")), 10).get(1).context());
    }

    @Test
    void byUsersWithAColorMatchesOnlyThatColor() {
        seedUsers();
        assertEquals(List.of("a3", "a1"), byUsers(100, "alice:255000000"));
        assertEquals(List.of("a2"), byUsers(100, "alice:rgb(0, 255, 0)"));
        assertEquals(List.of(), byUsers(100, "bob:255000000"));
        assertEquals(List.of("b1", "a3", "a1"), byUsers(100, "alice:255000000", "bob"));
    }

    // --- counts / maxTimestamp / unprocessed --------------------------------------------------------------

    @Test
    void countsAreKeptPerTypeOnInsertOnly() {
        assertEquals(MessageCounts.NONE, repository.counts());
        seed(9);
        assertEquals(new MessageCounts(6, 3), repository.counts());
        repository.save(message("m1").text("edited").timestamp(10).build());
        assertEquals(new MessageCounts(6, 3), repository.counts());
        assertEquals(9, rows());
    }

    @Test
    void maxTimestampIsZeroWhenEmptyElseTheHighest() {
        assertEquals(0, repository.maxTimestamp());
        seed(7);
        assertEquals(70, repository.maxTimestamp());
        repository.save(message("big").timestamp(1_800_000_000_000L).build());
        assertEquals(1_800_000_000_000L, repository.maxTimestamp());
    }

    @Test
    void unprocessedListsWaitingPersonaMessagesOldestFirstWithContext() {
        BotParams pending = BotParams.request("alice", 3, null, null, null).startPending();
        Message h1 = message("h1").timestamp(10).botParams(pending).context(List.of("bob: hi")).build();
        repository.save(h1);
        repository.save(message("h2").timestamp(20).botParams(pending.withProcessed(true)).build());
        repository.save(message("h3").timestamp(30).build());
        repository.save(message("a4").timestamp(40).type(MessageType.AI).botParams(pending).build());
        Message h5 = message("h5").timestamp(50).botParams(pending).build();
        repository.save(h5);
        repository.save(message("h6").timestamp(60)
                .botParams(new BotParams(null, 5, null, null, null, false, null, null, null, null)).build());
        Message h7 = message("h7").timestamp(70)
                .botParams(pending.withProgress(BotStatus.PROCESSING, 1, null, null)).build();
        repository.save(h7);

        assertEquals(List.of(h1, h5, h7), repository.unprocessed(10));
        assertEquals(List.of("bob: hi"), repository.unprocessed(10).get(0).context());
        assertEquals(List.of(h1), repository.unprocessed(1));

        repository.save(h1.withBotParams(pending.withProcessed(true)));
        assertEquals(List.of(h5, h7), repository.unprocessed(10));
    }

    // --- schema and failures ------------------------------------------------------------------------------

    @Test
    void runningTheMigrationsAgainIsANoOp() {
        seed(3);
        MigrateResult again = flyway().migrate();
        assertEquals(0, again.migrationsExecuted);
        assertTrue(again.success);
        flyway().validate();
        var all = flyway().info().all();
        assertEquals(all[all.length - 1].getVersion(), flyway().info().current().getVersion(), "every migration applied");
        assertEquals(new MessageCounts(2, 1), repository.counts());
        assertEquals(3, rows());
    }

    @Test
    void anUnavailableDatabaseIsReportedAsStorageUnavailableNeverAsEmpty() {
        JdbcMessageRepository broken = new JdbcMessageRepository(() -> {
            throw new IllegalStateException("the database is not registered yet");
        });
        assertThrows(StorageUnavailableException.class, () -> broken.find(new MessageId("m")));
        assertThrows(StorageUnavailableException.class, () -> broken.after(0, null, 10));
        assertThrows(StorageUnavailableException.class, () -> broken.page(0, 10, null, "x"));
        assertThrows(StorageUnavailableException.class, broken::counts);
        assertThrows(StorageUnavailableException.class, () -> broken.save(message("m").build()));
        // no connection: nothing can have been stored, and the failure says so (a post is taken back at once)
        assertThrows(NothingStoredException.class, () -> broken.insertStamped(List.of(message("m").build()), 1,
                StatementBudget.ofSeconds(1)));
    }

    @Test
    void aStatementThatFailsInsideTheTransactionReportsThatNothingWasStored() throws Exception {
        long epoch = repository.claimWriterEpoch();
        // the last statement of the transaction fails: the row was inserted, the kept counts' table is gone
        execute("ALTER TABLE message_counts RENAME TO message_counts_away");
        NothingStoredException refused;
        try {
            refused = assertThrows(NothingStoredException.class, () -> repository.insertStamped(
                    List.of(message("m").build().withTimestamp(10)), epoch, StatementBudget.ofSeconds(5)));
        } finally {
            execute("ALTER TABLE message_counts_away RENAME TO message_counts");
        }
        assertTrue(refused.getMessage().startsWith("database error"), refused.getMessage());
        assertTrue(repository.find(new MessageId("m")).isEmpty(), "rolled back");
        assertEquals(0, repository.counts().total(), "the kept count did not move either");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
