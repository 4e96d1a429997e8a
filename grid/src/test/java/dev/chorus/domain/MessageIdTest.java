package dev.chorus.domain;

import static dev.chorus.domain.Rejections.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "0", "_", "-", "abc-DEF_123", "1700000000000-abcdefghi"})
    void acceptsLettersDigitsUnderscoreAndHyphen(String value) {
        assertEquals(value, new MessageId(value).value());
        assertEquals(value, new MessageId(value).toString());
    }

    @Test
    void acceptsSixtyFourCharactersAndRejectsSixtyFive() {
        assertEquals(64, new MessageId("x".repeat(64)).value().length());
        assertRejected("id", () -> new MessageId("x".repeat(65)));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "a b", " a", "a ", "a.b", "a/b", "a:b", "ä", "a\nb", "<script>", "id%20"})
    void rejectsAnythingElseNamingTheIdField(String value) {
        assertRejected("id", () -> new MessageId(value));
    }

    @Test
    void generatedIdsAreMillisDashNineBase36CharactersAndDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            MessageId id = MessageId.generate(1_700_000_000_123L);
            assertTrue(id.value().matches("1700000000123-[0-9a-z]{9}"), id.value());
            seen.add(id.value());
        }
        assertTrue(seen.size() > 990, "random suffixes should practically never repeat: " + seen.size());
    }

    @Test
    void replyIdIsDerivedFromMessageAndEntitySoARetryCannotPostTwice() {
        MessageId question = new MessageId("m-1");
        assertEquals(new MessageId("m-1-r-alice"), question.replyBy("alice"));
        assertEquals(question.replyBy("alice"), question.replyBy("alice"));
        assertNotEquals(question.replyBy("alice"), question.replyBy("bob"));
    }

    @Test
    void replyIdDropsCharactersAnIdMayNotHaveAndStaysWithinSixtyFourCharacters() {
        assertEquals("m-r-dr.who?".replaceAll("[^A-Za-z0-9_-]", ""), new MessageId("m").replyBy("dr.who?").value());
        MessageId reply = new MessageId("x".repeat(64)).replyBy("entity");
        assertEquals(64, reply.value().length());
        assertEquals("x".repeat(64), reply.value());
    }
}
