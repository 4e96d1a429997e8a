package dev.chorus.domain;

import static dev.chorus.domain.Rejections.assertRejected;
import static dev.chorus.domain.TestMessages.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageTest {

    // --- text ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "hello                     | hello",
        "\"  hello  \"             | hello",
        "\"hello   world\"         | hello world",
        "\" a \t b \n\n c \r\n d \" | a b c d",
        "\"x\u000By\fz\"           | x y z",
    })
    void textIsTrimmedAndWhitespaceRunsBecomeOneSpace(String raw, String stored) {
        assertEquals(stored, message("m").text(raw).build().text());
        assertEquals(stored, Message.normalizeText(raw));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "   ", "\t", "\n\r\n", " \t \n "})
    void textEmptyAfterNormalizingIsRejected(String raw) {
        assertRejected("text", () -> message("m").text(raw).build());
    }

    @Test
    void textOfExactly1000CharactersIsKeptWhole() {
        String text = "a".repeat(999) + "z";
        Message message = message("m").text(text).build();
        assertEquals(text, message.text());
        assertEquals(Message.MAX_TEXT, message.text().length());
    }

    @Test
    void textOf1001CharactersIsRejectedNeverCut() {
        assertRejected("text", () -> message("m").text("a".repeat(1001)).build());
        assertRejected("text", () -> message("m").text("a b".repeat(334)).build());
    }

    @Test
    void lengthIsJudgedAfterWhitespaceIsCollapsed() {
        String raw = "a" + " ".repeat(50) + "b".repeat(998) + "   ";
        Message message = message("m").text(raw).build();
        assertEquals("a " + "b".repeat(998), message.text());
        assertEquals(1000, message.text().length());
    }

    // --- username, domain, language, misc, replyTo ---------------------------------------------------------

    @Test
    void usernameOfSixteenIsAcceptedAndSeventeenRejected() {
        assertEquals("u".repeat(16), message("m").username("u".repeat(16)).build().username());
        assertRejected("username", () -> message("m").username("u".repeat(17)).build());
    }

    @Test
    void personaNamesOnAiMessagesMayHaveUpTo32Characters() {
        for (String name : List.of("EmotionalIntelligence", "CommunicationSkills", "ConflictManagement",
                "CareerAdvancement", "DystopianSurvival", "FindEnlightenment", "AliceInWonderland", "PrideAndPrejudice")) {
            assertEquals(name, message("m").type(MessageType.AI).username(name).build().username());
            assertRejected("username", () -> message("m").username(name).build()); // a human keeps 16
        }
        assertEquals("u".repeat(32), message("m").type(MessageType.AI).username("u".repeat(32)).build().username());
        assertRejected("username", () -> message("m").type(MessageType.AI).username("u".repeat(33)).build());
    }

    @Test
    void usernameIsTrimmedBeforeItIsMeasuredAndBlankMeansAbsent() {
        assertEquals("bob", message("m").username("  bob \t").build().username());
        assertEquals("u".repeat(16), message("m").username("  " + "u".repeat(16) + "  ").build().username());
        assertNull(message("m").username("   ").build().username());
        assertNull(message("m").username(null).build().username());
    }

    @Test
    void domainDefaultsToUnknownAndIsLimitedTo253() {
        assertEquals("unknown", message("m").build().domain());
        assertEquals("unknown", message("m").domain("  ").build().domain());
        assertEquals("example.org", message("m").domain(" example.org ").build().domain());
        assertEquals(253, message("m").domain("d".repeat(253)).build().domain().length());
        assertRejected("domain", () -> message("m").domain("d".repeat(254)).build());
    }

    @Test
    void languageDefaultsToEn() {
        assertEquals("en", message("m").build().language());
        assertEquals("en", message("m").language(" ").build().language());
        assertEquals("de", message("m").language("de").build().language());
        assertRejected("language", () -> message("m").language("l".repeat(36)).build());
    }

    @Test
    void miscIsLimitedTo1000() {
        assertEquals(1000, message("m").misc("x".repeat(1000)).build().misc().length());
        assertRejected("misc", () -> message("m").misc("x".repeat(1001)).build());
    }

    @Test
    void replyToIsLimitedTo64() {
        assertEquals("r".repeat(64), message("m").replyTo("r".repeat(64)).build().replyTo());
        assertRejected("replyTo", () -> message("m").replyTo("r".repeat(65)).build());
    }

    @Test
    void idColorAndTypeAreRequired() {
        assertThrows(NullPointerException.class, () -> new Message(null, "t", 0, null, null, TestMessages.RED,
                null, null, MessageType.HUMAN, null, null, null, null));
        assertThrows(NullPointerException.class, () -> message("m").color(null).build());
        assertThrows(NullPointerException.class, () -> message("m").type(null).build());
    }

    // --- message-type -------------------------------------------------------------------------------------

    @Test
    void messageTypeWireNamesAreHumanAndAI() {
        assertEquals(MessageType.HUMAN, MessageType.fromWire("human"));
        assertEquals(MessageType.AI, MessageType.fromWire("AI"));
        assertEquals("human", MessageType.HUMAN.wireName());
        assertEquals("AI", MessageType.AI.wireName());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Human", "HUMAN", "ai", "Ai", "bot", "system", " human", "AI "})
    void anyOtherMessageTypeIsRejectedNamingTheHyphenatedField(String wire) {
        assertRejected("message-type", () -> MessageType.fromWire(wire));
    }

    // --- context ------------------------------------------------------------------------------------------

    @Test
    void contextOf200LinesOf1000CharactersIsAccepted() {
        List<String> lines = Collections.nCopies(200, "c".repeat(1000));
        assertEquals(200, message("m").context(lines).build().context().size());
    }

    @Test
    void contextOf201LinesIsRejected() {
        assertRejected("context", () -> message("m").context(Collections.nCopies(201, "line")).build());
    }

    @Test
    void contextLineOf1001CharactersIsRejected() {
        List<String> lines = List.of("fine", "c".repeat(1001));
        assertRejected("context", () -> message("m").context(lines).build());
    }

    @Test
    void contextLineMustNotBeNull() {
        List<String> lines = new ArrayList<>();
        lines.add("fine");
        lines.add(null);
        assertRejected("context", () -> message("m").context(lines).build());
    }

    @Test
    void emptyContextIsKeptAndMeansNoHistoryWhileAbsentStaysAbsent() {
        assertEquals(List.of(), message("m").context(List.of()).build().context());
        assertNull(message("m").build().context());
    }

    @Test
    void contextIsCopiedSoTheCallerCannotChangeTheMessage() {
        List<String> lines = new ArrayList<>(List.of("alice: hi"));
        Message message = message("m").context(lines).build();
        lines.add("bob: changed");
        assertEquals(List.of("alice: hi"), message.context());
        assertThrows(UnsupportedOperationException.class, () -> message.context().add("x"));
    }

    // --- derived values -----------------------------------------------------------------------------------

    @Test
    void slimKeepsTheContextOfMessagesAddressedToAPersona() {
        Message persona = message("p").context(List.of("a: b"))
                .botParams(BotParams.request("alice", null, null, null, null).startPending()).build();
        assertSame(persona, persona.slim(), "a bot reading lists builds its prompt from it");
        Message requestWithoutEntity = message("q").context(List.of("a: b"))
                .botParams(BotParams.request(null, 5, null, null, null)).build();
        assertNull(requestWithoutEntity.slim().context());
    }

    @Test
    void slimDropsOnlyTheContext() {
        Message full = message("m").text("hi").timestamp(42).clientTimestamp(7L).username("bob")
                .domain("example.org").language("de").misc("x").context(List.of("a: b"))
                .botParams(BotParams.request(null, 3, null, null, null)).replyTo("q").build();
        Message slim = full.slim();
        assertNull(slim.context());
        assertEquals(full, new Message(slim.id(), slim.text(), slim.timestamp(), slim.clientTimestamp(),
                slim.username(), slim.color(), slim.domain(), slim.language(), slim.type(), slim.misc(),
                full.context(), slim.botParams(), slim.replyTo()));
        Message noContext = message("n").build();
        assertSame(noContext, noContext.slim());
    }

    @Test
    void withTimestampAndWithBotParamsChangeOnlyThatField() {
        Message original = message("m").timestamp(1).context(List.of("x")).build();
        Message stamped = original.withTimestamp(99);
        assertEquals(99, stamped.timestamp());
        assertEquals(original.context(), stamped.context());
        assertEquals(original.withTimestamp(1), original);
        BotParams params = BotParams.request("alice", null, null, null, null);
        assertEquals(params, original.withBotParams(params).botParams());
        assertEquals(1, original.withBotParams(params).timestamp());
    }

    @Test
    void emptyBotParamsAreDropped() {
        assertNull(message("m").botParams(BotParams.request(null, null, " ", "", null)).build().botParams());
    }

    @Test
    void onlyHumanMessagesWithAnEntityAreAddressedToAPersona() {
        BotParams toAlice = BotParams.request("alice", null, null, null, null);
        assertTrue(message("m").botParams(toAlice).build().addressedToPersona());
        assertFalse(message("m").botParams(toAlice).type(MessageType.AI).build().addressedToPersona());
        assertFalse(message("m").botParams(BotParams.request(null, 5, null, null, null)).build().addressedToPersona());
        assertFalse(message("m").build().addressedToPersona());
    }
}
