package dev.chorus.domain;

import static dev.chorus.domain.Rejections.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BotParamsTest {

    private static BotParams withPriority(Integer priority) {
        return BotParams.request("alice", priority, null, null, null);
    }

    private static BotParams withAis(String ais) {
        return BotParams.request("alice", null, null, ais, null);
    }

    private static BotParams withNom(String nom) {
        return BotParams.request("alice", null, null, null, nom);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 50, 98, 99})
    void priorityFrom0To99IsAccepted(int priority) {
        assertEquals(priority, withPriority(priority).priority());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 100, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void priorityOutside0To99IsRejected(int priority) {
        assertRejected("botParams.priority", () -> withPriority(priority));
    }

    @Test
    void priorityMayBeAbsent() {
        assertNull(withPriority(null).priority());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob:255000000", "bob:random", "b:000000000", "Dr Who:128128128", "sixteen-chars-xx:random",
            "EmotionalIntelligence:random"})
    void aisIsNameColonNineDigitsOrRandom(String ais) {
        assertEquals(ais, withAis(ais).ais());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob", "bob:", ":random", ":255000000", "bob:RANDOM", "bob:rand", "bob:25500000",
            "bob:2550000000", "bob:rgb(1, 2, 3)", "a:b:random", "thirty-three-characters-long-name:random", "bob:255000000 x"})
    void aisInAnyOtherShapeIsRejected(String ais) {
        assertRejected("botParams.ais", () -> withAis(ais));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob:256000000", "bob:000999000"})
    void aisWithAChannelAbove255IsRejectedNamingTheAisField(String ais) {
        assertRejected("botParams.ais", () -> withAis(ais));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "5", "25", "9999", "ALL"})
    void nomIsDigitsOrAll(String nom) {
        assertEquals(nom, withNom(nom).nom());
    }

    @ParameterizedTest
    @ValueSource(strings = {"all", "All", "-1", "1.5", "ten", "10000", "ALL5", "5 5"})
    void nomInAnyOtherShapeIsRejected(String nom) {
        assertRejected("botParams.nom", () -> withNom(nom));
    }

    @Test
    void nomIsTrimmed() {
        assertEquals("5", withNom(" 5 ").nom());
    }

    @Test
    void blankTextFieldsMeanAbsentAndTextIsTrimmed() {
        BotParams params = BotParams.request("  alice ", null, " ", "", "\t");
        assertEquals("alice", params.entity());
        assertNull(params.model());
        assertNull(params.ais());
        assertNull(params.nom());
    }

    @Test
    void entityModelAndLastErrorAreLimited() {
        assertEquals(64, BotParams.request("e".repeat(64), null, null, null, null).entity().length());
        assertRejected("botParams.entity", () -> BotParams.request("e".repeat(65), null, null, null, null));
        assertRejected("botParams.model", () -> BotParams.request("e", null, "m".repeat(201), null, null));
        assertRejected("botParams.lastError", () -> new BotParams("e", null, null, null, null, false,
                BotStatus.FAILED, 1, null, "x".repeat(1001)));
        assertRejected("botParams.attempts", () -> new BotParams("e", null, null, null, null, false,
                BotStatus.FAILED, -1, null, null));
    }

    @Test
    void startPendingMarksAPersonaRequestUnprocessedPendingWithNoAttempts() {
        BotParams request = BotParams.request("alice", 3, "model-x", "ally:random", "ALL");
        BotParams pending = request.startPending();
        assertEquals(new BotParams("alice", 3, "model-x", "ally:random", "ALL", false, BotStatus.PENDING, 0, null,
                null), pending);
    }

    @Test
    void startPendingWithoutEntityChangesNothing() {
        BotParams noEntity = BotParams.request(null, 5, null, null, null);
        assertSame(noEntity, noEntity.startPending());
    }

    @Test
    void withProcessedSetsCompleteOrBackToPendingAndClearsTheEarlierFailure() {
        BotParams working = new BotParams("alice", 3, null, null, null, false, BotStatus.PROCESSING, 2, "r-1", "boom");
        BotParams done = working.withProcessed(true);
        assertEquals(new BotParams("alice", 3, null, null, null, true, BotStatus.COMPLETE, 2, "r-1", null), done);
        BotParams again = done.withProcessed(false);
        assertEquals(new BotParams("alice", 3, null, null, null, false, BotStatus.PENDING, 0, "r-1", null), again);
        assertEquals(done, done.withProcessed(true), "absolute, so applying twice equals once");
    }

    @Test
    void anOutsideBotsPatchOfAFailedMessageLeavesNoStaleError() {
        BotParams failed = new BotParams("ghost", null, null, null, null, false, BotStatus.FAILED, 3, null,
                "unknown entity ghost");
        BotParams patched = failed.withProcessed(true);
        assertEquals(Boolean.TRUE, patched.processed());
        assertEquals(BotStatus.COMPLETE, patched.status());
        assertNull(patched.lastError());
    }

    @Test
    void importedPersonaMessagesAreCompleteSoNoBotAnswersThemAgain() {
        BotParams request = BotParams.request("alice", 3, null, null, null);
        assertEquals(new BotParams("alice", 3, null, null, null, true, BotStatus.COMPLETE, 1, "r-9", null),
                request.imported(true, 1, "r-9"));
        assertEquals(new BotParams("alice", 3, null, null, null, true, BotStatus.COMPLETE, null, null,
                BotParams.IMPORTED_UNANSWERED), request.imported(false, 4, "r-9"), "unanswered: marked, not answered");
    }

    @Test
    void aisNamesMayBeAsLongAsPersonaNames() {
        assertEquals("EmotionalIntelligence:255000000",
                BotParams.request("e", null, null, "EmotionalIntelligence:255000000", null).ais());
        assertEquals("x".repeat(32) + ":random", BotParams.request("e", null, null, "x".repeat(32) + ":random", null).ais());
        assertRejected("botParams.ais", () -> BotParams.request("e", null, null, "x".repeat(33) + ":random", null));
    }

    @Test
    void withProgressDerivesProcessedFromStatus() {
        BotParams pending = BotParams.request("alice", null, null, null, null).startPending();
        assertEquals(Boolean.TRUE, pending.withProgress(BotStatus.COMPLETE, 1, "r", null).processed());
        assertEquals(Boolean.FALSE, pending.withProgress(BotStatus.FAILED, 3, null, "err").processed());
        assertEquals(BotStatus.FAILED, pending.withProgress(BotStatus.FAILED, 3, null, "err").status());
        assertEquals("err", pending.withProgress(BotStatus.FAILED, 3, null, "err").lastError());
    }

    @Test
    void isEmptyOnlyWhenEveryFieldIsAbsent() {
        assertTrue(BotParams.request(null, null, null, null, null).isEmpty());
        assertTrue(BotParams.request(" ", null, "", null, null).isEmpty());
        assertFalse(BotParams.request(null, 0, null, null, null).isEmpty());
        assertFalse(new BotParams(null, null, null, null, null, false, null, null, null, null).isEmpty());
    }

    @Test
    void botStatusWireNamesAreLowerCase() {
        for (BotStatus status : BotStatus.values()) {
            assertEquals(status.name().toLowerCase(java.util.Locale.ROOT), status.wireName());
            assertEquals(status, BotStatus.fromWire(status.wireName()));
        }
        assertThrows(IllegalArgumentException.class, () -> BotStatus.fromWire("done"));
    }
}
