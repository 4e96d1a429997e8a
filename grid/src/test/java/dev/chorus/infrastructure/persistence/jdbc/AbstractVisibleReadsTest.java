package dev.chorus.infrastructure.persistence.jdbc;

import static dev.chorus.domain.TestMessages.GREEN;
import static dev.chorus.domain.TestMessages.RED;
import static dev.chorus.domain.TestMessages.message;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.UserFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The reads made cheap for a large board (issue 12) answer exactly what the plain queries answered: pages skipped
 * from the nearer end over timestamps, search through PostgreSQL's trigram indexes, user-search counts over the
 * visible rows' index — with hidden messages left out and restored ones back, on H2 and PostgreSQL alike.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one board for all tests: each leaves it as it found it
abstract class AbstractVisibleReadsTest {
    private static final int MESSAGES = 240;

    protected JdbcMessageRepository repository;
    /** The stored messages, oldest first, and which of them are hidden now. */
    private final List<Message> stored = new ArrayList<>();
    private final Set<String> hidden = new TreeSet<>();

    protected abstract DataSource dataSource();

    /** Skips each test (visibly, with the reason) when the database is not there. */
    protected void assumeAvailable() {
    }

    @BeforeEach
    void seedABoardWithHiddenMessages() throws SQLException {
        assumeAvailable();
        if (repository != null) {
            return;
        }
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM messages");
            statement.executeUpdate("UPDATE message_counts SET n = 0");
        }
        repository = new JdbcMessageRepository(this::dataSource);
        Random random = new Random(12);
        List<String> names = List.of("Alice", "alice!", "Bob", "Carol", "Dave_1");
        for (int i = 1; i <= MESSAGES; i++) {
            Message m = message("v" + i).timestamp(1_000L + i * 7L)
                    .text(i % 10 == 0 ? "Talk about 50%_off!" : "plain words number " + i)
                    .username(names.get(random.nextInt(names.size()))).color(random.nextBoolean() ? RED : GREEN)
                    .type(random.nextInt(4) == 0 ? MessageType.AI : MessageType.HUMAN).build();
            stored.add(m);
        }
        List<Message> shuffled = new ArrayList<>(stored);
        Collections.shuffle(shuffled, random);
        shuffled.forEach(repository::save);
        for (int i = 0; i < 30; i++) {
            hide(stored.get(random.nextInt(MESSAGES)).id().value());
        }
        restore(hidden.iterator().next()); // a restored message is back everywhere
    }

    private void hide(String id) {
        repository.setHidden(new MessageId(id), true, StatementBudget.ofSeconds(5));
        hidden.add(id);
    }

    private void restore(String id) {
        repository.setHidden(new MessageId(id), false, StatementBudget.ofSeconds(5));
        hidden.remove(id);
    }

    /** What a page is by definition: the visible messages of the type, newest first, skip, take, then oldest first. */
    private List<String> expectedPage(int offset, int limit, MessageType type) {
        List<String> newestFirst = stored.stream().filter(m -> !hidden.contains(m.id().value()))
                .filter(m -> type == null || m.type() == type)
                .sorted(Comparator.comparingLong(Message::timestamp).reversed())
                .map(m -> m.id().value()).collect(Collectors.toList());
        List<String> page = new ArrayList<>(newestFirst.subList(Math.min(offset, newestFirst.size()),
                Math.min(offset + limit, newestFirst.size())));
        Collections.reverse(page);
        return page;
    }

    /** The page as the plain query before issue 12 read it: ORDER BY ts DESC OFFSET, every skipped row walked. */
    private List<String> plainOffsetQuery(int offset, int limit, MessageType type) throws SQLException {
        String sql = "SELECT id FROM messages WHERE hidden = FALSE" + (type == null ? "" : " AND message_type = ?")
                + " ORDER BY ts DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
        try (Connection connection = dataSource().getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            if (type != null) {
                statement.setString(i++, type.wireName());
            }
            statement.setInt(i++, offset);
            statement.setInt(i, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            Collections.reverse(ids);
            return ids;
        }
    }

    private static List<String> ids(List<Message> messages) {
        return messages.stream().map(m -> m.id().value()).collect(Collectors.toList());
    }

    @Test
    void everyPageFromEitherEndIsThePlainQuerysPageWithHiddenMessagesLeftOut() throws SQLException {
        for (MessageType type : new MessageType[] {null, MessageType.HUMAN, MessageType.AI}) {
            for (int limit : new int[] {1, 7, 50}) {
                for (int offset = 0; offset <= MESSAGES + 1; offset += (limit == 1 ? 4 : 5)) {
                    List<String> page = ids(repository.page(offset, limit, type, null));
                    String where = "offset " + offset + ", limit " + limit + ", type " + type;
                    assertEquals(expectedPage(offset, limit, type), page, where);
                    assertEquals(plainOffsetQuery(offset, limit, type), page, where);
                }
            }
        }
        assertEquals(List.of(), repository.page(0, 0, null, null));
        assertEquals(List.of(), repository.page(Integer.MAX_VALUE, 50, null, null));
    }

    @Test
    void pagingThroughEverythingVisitsEveryVisibleMessageOnceInOrder() {
        List<String> all = new ArrayList<>();
        for (int offset = 0; ; offset += 50) {
            List<String> page = ids(repository.page(offset, 50, null, null));
            if (page.isEmpty()) {
                break;
            }
            all.addAll(0, page);
        }
        assertEquals(expectedPage(0, MESSAGES, null), all);
    }

    @Test
    void searchFindsTextAndNamesCaseInsensitivelyWithWildcardsLiteralAndHiddenLeftOut() {
        List<String> sale = stored.stream().filter(m -> m.text().contains("50%_off")).map(m -> m.id().value())
                .filter(id -> !hidden.contains(id)).collect(Collectors.toList());
        assertEquals(sale, ids(repository.page(0, 1000, null, "TALK about")));
        assertEquals(sale, ids(repository.page(0, 1000, null, "50%_")));
        assertEquals(List.of(), ids(repository.page(0, 1000, null, "50%x")), "% is not a wildcard");
        assertEquals(List.of(), ids(repository.page(0, 1000, null, "talk_about")), "_ is not a wildcard");
        assertEquals(sale.size(), repository.countMatching(null, "off!"));
        List<String> daves = stored.stream().filter(m -> m.username().equals("Dave_1")).map(m -> m.id().value())
                .filter(id -> !hidden.contains(id)).collect(Collectors.toList());
        assertEquals(daves, ids(repository.page(0, 1000, null, "dAVE_1")));
        assertEquals(daves.size(), repository.countMatching(null, "dave_"));
        List<String> newestThree = daves.subList(daves.size() - 3, daves.size());
        assertEquals(newestThree, ids(repository.page(0, 3, null, "dave")));
    }

    @Test
    void userSearchTotalsCountVisibleMessagesExactlyThroughHideAndRestore() {
        List<UserFilter> alice = List.of(UserFilter.parse("alice"));
        List<UserFilter> redAliceAndBob = List.of(UserFilter.parse("alice:255000000"), UserFilter.parse("bob"));
        assertEquals(visible(m -> m.username().startsWith("Alice") || m.username().startsWith("alice")),
                repository.countByUsers(alice));
        assertEquals(visible(m -> m.username().toLowerCase().startsWith("alice") && m.color().equals(RED)
                || m.username().equals("Bob")), repository.countByUsers(redAliceAndBob));
        String someAlice = stored.stream().filter(m -> m.username().startsWith("Alice") && !hidden.contains(m.id().value()))
                .findFirst().orElseThrow().id().value();
        long before = repository.countByUsers(alice);
        hide(someAlice);
        assertEquals(before - 1, repository.countByUsers(alice));
        restore(someAlice);
        assertEquals(before, repository.countByUsers(alice));
        assertEquals(ids(repository.byUsers(alice, 0, 1000)).size(), before);
    }

    @Test
    void overlappingUserTermsCountAndListEachMessageOnce() {
        List<String> aliceNewestFirst = stored.stream().filter(m -> m.username().toLowerCase().startsWith("alice"))
                .filter(m -> !hidden.contains(m.id().value()))
                .sorted(Comparator.comparingLong(Message::timestamp).reversed()).map(m -> m.id().value()).toList();
        for (List<String> terms : List.of(List.of("alice", "alice:255000000"), List.of("alice:255000000", "ALICE"),
                List.of("alice:255000000", "alice:000255000"), List.of("alice", "alice"))) {
            List<UserFilter> users = terms.stream().map(UserFilter::parse).toList();
            assertEquals(aliceNewestFirst.size(), repository.countByUsers(users), terms.toString());
            assertEquals(aliceNewestFirst, ids(repository.byUsers(users, 0, 1000)), terms.toString());
            assertEquals(aliceNewestFirst.subList(5, 12), ids(repository.byUsers(users, 5, 7)), terms.toString());
        }
        List<UserFilter> twice = List.of(UserFilter.parse("alice:255000000"), UserFilter.parse("alice!:255000000"));
        assertEquals(visible(m -> m.username().toLowerCase().startsWith("alice") && m.color().equals(RED)),
                repository.countByUsers(twice));
        assertEquals(List.of(), repository.byUsers(List.of(UserFilter.parse("alice")), Integer.MAX_VALUE, 50));
    }

    private long visible(java.util.function.Predicate<Message> matching) {
        return stored.stream().filter(m -> !hidden.contains(m.id().value())).filter(matching).count();
    }

    @Test
    void theKeptCountsAreTheVisibleMessages() {
        assertEquals(IntStream.range(0, MESSAGES).filter(i -> !hidden.contains(stored.get(i).id().value())).count(),
                repository.counts().total());
    }
}
