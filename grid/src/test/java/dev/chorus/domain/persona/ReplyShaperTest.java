package dev.chorus.domain.persona;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplyShaperTest {
    private final Persona sage = Personas.sage().build();

    @Test
    void skipAnywhereInAnyCase() {
        assertTrue(ReplyShaper.shape(sage, "[SKIP]").isSkip());
        assertTrue(ReplyShaper.shape(sage, "I think I'll pass. [skip]").isSkip());
        ReplyText skip = ReplyShaper.shape(sage, "  [SKIP]  ");
        assertEquals(ReplyText.Kind.SKIP, skip.kind());
        assertNull(skip.text());
        assertNotNull(skip.reason());
    }

    @Test
    void filterOutRemovesEveryOccurrence() {
        Persona e = Personas.sage().trimAfter(List.of()).filterOut(List.of("Sage:", "Assitant:")).build();
        ReplyText r = ReplyShaper.shape(e, "Sage: Pulsars spin. Sage: Fast. Assitant:");
        assertEquals(ReplyText.text("Pulsars spin. Fast.", false), r);
    }

    @Test
    void trimAfterCutsAtTheEarliestPhrase() {
        ReplyText r = ReplyShaper.shape(sage, "A pulsar is a spinning neutron star. Human: and then?\nmore");
        assertEquals("A pulsar is a spinning neutron star.", r.text());
        ReplyText r2 = ReplyShaper.shape(sage, "First line\nHuman: second");
        assertEquals("First line", r2.text());
    }

    @Test
    void leadingNewlineDoesNotEmptyTheReply() {
        ReplyText r = ReplyShaper.shape(sage, "\n\n  Neutron stars!\nHuman: wow");
        assertEquals("Neutron stars!", r.text());
    }

    @Test
    void emptyAfterShapingIsAFailedAttempt() {
        ReplyText r = ReplyShaper.shape(sage, "Sage: \nHuman: hello?");
        assertTrue(r.isEmpty());
        assertNull(r.text());
        assertTrue(r.reason().contains("empty"));
        assertTrue(ReplyShaper.shape(sage, "").isEmpty());
        assertTrue(ReplyShaper.shape(sage, "   ").isEmpty());
        assertTrue(ReplyShaper.shape(sage, null).isEmpty());
        assertTrue(ReplyShaper.shape(sage, "Human: I speak for the human").isEmpty());
    }

    @Test
    void whitespaceIsNormalisedLikeTheBoard() {
        Persona e = Personas.sage().trimAfter(List.of()).trimWhitespace(false).build();
        assertEquals("a b c", ReplyShaper.shape(e, "  a \t b\n\n c  ").text());
    }

    @Test
    void reasoningIsDropped() {
        Persona e = Personas.sage().trimAfter(List.of()).build();
        assertEquals("Answer.", ReplyShaper.shape(e, "<think>Hmm, [SKIP]?\nno.</think>\nAnswer.").text());
        assertEquals("Answer.", ReplyShaper.shape(e, "planning...</think>Answer.").text());
        assertTrue(ReplyShaper.shape(e, "<think>still thinking when tokens ran out").isEmpty());
    }

    @Test
    void overlongReplyIsCutAtAWordBoundary() {
        Persona e = Personas.sage().trimAfter(List.of()).build();
        String raw = "word ".repeat(400);
        ReplyText r = ReplyShaper.shape(e, raw);
        assertTrue(r.isText());
        assertTrue(r.truncated());
        assertTrue(r.text().length() <= ReplyShaper.MAX_REPLY_CHARS, () -> "length " + r.text().length());
        assertTrue(r.text().endsWith("word…"));
        ReplyText exact = ReplyShaper.shape(e, "x".repeat(1000));
        assertFalse(exact.truncated());
        assertEquals(1000, exact.text().length());
        ReplyText noSpaces = ReplyShaper.shape(e, "y".repeat(1500));
        assertEquals(1000, noSpaces.text().length());
    }
}
