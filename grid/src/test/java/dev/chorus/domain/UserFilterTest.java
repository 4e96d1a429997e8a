package dev.chorus.domain;

import static dev.chorus.domain.Rejections.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserFilterTest {

    @ParameterizedTest
    @CsvSource({"Alice,alice", "alice_B-1!,aliceb1", "  Bob  ,bob", "ALL CAPS,allcaps", "x.y.z,xyz", "007,007"})
    void searchKeyIsLowerCasedWithNonAlphanumericsRemoved(String name, String key) {
        assertEquals(key, Usernames.searchKey(name));
    }

    @Test
    void searchKeyOfNoNameIsNull() {
        assertNull(Usernames.searchKey(null));
    }

    @Test
    void nameAloneMatchesAnyColor() {
        UserFilter filter = UserFilter.parse("Alice!");
        assertEquals("alice", filter.key());
        assertNull(filter.color());
    }

    @Test
    void nameWithColorMustMatchThatColor() {
        assertEquals(new UserFilter("bob", new Color("255000000")), UserFilter.parse("Bob:255000000"));
        assertEquals(new UserFilter("bob", new Color("001002003")), UserFilter.parse("bob:rgb(1, 2, 3)"));
    }

    @Test
    void theLastColonSeparatesTheColor() {
        assertEquals(new UserFilter("ab", new Color("000000255")), UserFilter.parse("a:b:000000255"));
    }

    @Test
    void aNameWithoutLettersOrDigitsIsRejected() {
        assertRejected("uss", () -> UserFilter.parse("!!!"));
        assertRejected("uss", () -> UserFilter.parse(":255000000"));
        assertRejected("uss", () -> new UserFilter(null, null));
    }

    @Test
    void aMalformedColorIsRejected() {
        assertRejected("color", () -> UserFilter.parse("bob:999"));
    }

    @Test
    void countsAreKeptPerTypeAndNeverNegative() {
        MessageCounts counts = MessageCounts.NONE.plus(MessageType.HUMAN, 3).plus(MessageType.AI, 2);
        assertEquals(new MessageCounts(3, 2), counts);
        assertEquals(5, counts.total());
        assertEquals(3, counts.of(MessageType.HUMAN));
        assertEquals(2, counts.of(MessageType.AI));
        assertEquals(5, counts.of(null));
        assertEquals(new MessageCounts(3, 1), counts.plus(MessageType.AI, -1));
        assertThrows(IllegalArgumentException.class, () -> MessageCounts.NONE.plus(MessageType.AI, -1));
        assertThrows(IllegalArgumentException.class, () -> new MessageCounts(-1, 0));
    }
}
