package dev.chorus.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.domain.InvalidMessageException;
import dev.chorus.domain.Message;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Body parsing (BoundedJson, PostBody) and query parsing (Queries): the input rules of docs/api.md. */
class BodyParsingTest {

    private static Message draft(String json) {
        return PostBody.toDraft(BoundedJson.parse(json.getBytes(StandardCharsets.UTF_8)), "unknown", 1_000L);
    }

    private static String field(String json) {
        return assertThrows(InvalidMessageException.class, () -> draft(json)).field();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"text\":\"\\ud800\"}|text",
            "{\"text\":\"a\\u0000b\"}|text",
            "{\"text\":\"\\u00a0\\u200b\\u2060\"}|text",
            "{\"text\":\"x\\u2028y\"}|text",
            "{\"text\":\"\\u001b[2Jclear\"}|text",
            "{\"text\":\"hi\",\"username\":\"al\\nice\"}|username",
            "{\"text\":\"hi\",\"username\":\"al\\u2028ice\"}|username",
            "{\"text\":\"hi\",\"botParams\":{\"entity\":\"e\",\"priority\":4294967296}}|botParams.priority",
            "{\"text\":\"hi\",\"botParams\":{\"entity\":\"e\",\"priority\":1.5}}|botParams.priority",
            "{\"text\":\"hi\",\"botParams\":{\"entity\":\"e\",\"priority\":-1}}|botParams.priority",
            "{\"text\":\"hi\",\"botParams\":{\"entity\":\"e\",\"nom\":1e30}}|botParams.nom",
            "{\"text\":\"hi\",\"timestamp\":1e30}|timestamp",
            "{\"text\":\"hi\",\"timestamp\":-5}|timestamp",
            "{\"text\":\"hi\",\"timestamp\":1e999999999}|timestamp",
            "{\"text\":\"hi\",\"context\":[\"a\\u0007\"]}|context",
            "{\"text\":\"hi\",\"misc\":\"\\udfff\"}|misc",
            "{\"text\":\"hi\",\"domain\":\"a\\tb\"}|domain",
    })
    void refusedNamingTheField(String json, String field) {
        assertEquals(field, field(json));
    }

    @Test
    void overLongNumberNamesItsField() {
        assertEquals("timestamp", field("{\"text\":\"hi\",\"timestamp\":" + "9".repeat(5000) + "}"));
    }

    @Test
    void deepNestingIsRefusedWithoutRecursion() {
        String deep = "{\"text\":\"hi\",\"misc\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertEquals("misc", field(deep));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"text\":\"hi\"} trailing",
            "{\"text\":\"hi\"}{\"text\":\"again\"}",
            "{\"text\":\"hi\"}]",
            "[{\"text\":\"hi\"}]",
            "\"text\"",
            "{\"text\":",
            "' '",
    })
    void notExactlyOneObject(String json) {
        assertNull(field(json));
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] bytes = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> BoundedJson.parse(bytes));
        assertEquals("body", e.field());
    }

    @Test
    void validInputStillPasses() {
        Message m = draft("{\"text\":\"  hello \\n world \",\"username\":\"ann\",\"timestamp\":1700000000000,"
                + "\"botParams\":{\"entity\":\"e\",\"priority\":7,\"nom\":5},\"context\":[\"a: b\"]}  \n");
        assertEquals("hello world", m.text());
        assertEquals(1700000000000L, m.clientTimestamp());
        assertEquals(7, m.botParams().priority());
        assertEquals("5", m.botParams().nom());
    }

    @ParameterizedTest
    @CsvSource({"99999999999999999999,1000", "1001,1000", "1000,1000", "7,7", "+5,5", "007,7"})
    void limitClampsLargeNumbers(String limit, int expected) {
        assertEquals(expected, Queries.limit(limit, 50, 1000));
    }

    @ParameterizedTest
    @CsvSource({"0", "-1", "abc", "1.5", "1e3"})
    void limitRefusesNonPositiveOrNonIntegers(String limit) {
        assertEquals("limit", assertThrows(InvalidMessageException.class, () -> Queries.limit(limit, 50, 1000)).field());
    }

    @Test
    void outOfRangeCursorAndOffsetNameTheirParameter() {
        assertEquals("after", assertThrows(InvalidMessageException.class, () -> Queries.cursor("99999999999999999999")).field());
        assertEquals("offset", assertThrows(InvalidMessageException.class, () -> Queries.offset("99999999999")).field());
    }
}
