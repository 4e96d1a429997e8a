package dev.chorus.domain.persona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link ReplyShaper#draft}: what a reader may see while a completion arrives. The property every case checks at every
 * split of the completion: the draft is the start of the reply {@link ReplyShaper#shape} makes of the whole
 * completion (nothing at all when that reply is {@code [SKIP]} or empty).
 */
class ReplyDraftShapingTest {
    private final Persona sage = Personas.sage().build(); // filterOut "Sage:", trimAfter "Human:" and "\n"
    private final Persona plain = Personas.sage().filterOut(List.of()).trimAfter(List.of()).trimWhitespace(false).build();

    @Test
    void aPlainCompletionIsShownAsItArrives() {
        assertEquals("Pulsars spin", ReplyShaper.draft(plain, "Pulsars spin"));
        assertEquals("Pulsars spin", ReplyShaper.draft(plain, "  Pulsars   spin  "));
        assertEquals("", ReplyShaper.draft(plain, "   "));
        assertEquals("", ReplyShaper.draft(plain, null));
        assertEveryDraftIsAPrefix(plain, "Pulsars spin fast, very fast indeed.");
    }

    @Test
    void aShortDraftNeverEndsInHalfACharacter() {
        String star = "\uD83C\uDF1F"; // one character, two chars; a chunk may end between them
        assertEquals("Stars", ReplyShaper.draft(plain, "Stars" + star.charAt(0)));
        assertEquals("Stars" + star, ReplyShaper.draft(plain, "Stars" + star));
        assertEveryDraftIsAPrefix(plain, "Stars " + star + " shine " + star);
    }

    @Test
    void aTailThatMayBecomeAFilteredPhraseIsHeldBack() {
        assertEquals("Pulsars spin.", ReplyShaper.draft(sage, "Pulsars spin. Sa"));
        assertEquals("Pulsars spin. Fast", ReplyShaper.draft(sage, "Pulsars spin. Sage: Fast"));
        assertEquals("Pulsars spin. Sat", ReplyShaper.draft(sage, "Pulsars spin. Sat"));
        assertEveryDraftIsAPrefix(sage, "Sage: Pulsars spin. Sage: Fast. Sagittarius is a sign.");
    }

    @Test
    void aTailThatMayBecomeATrimAfterPhraseIsHeldBackAndAFoundOneEndsTheDraft() {
        assertEquals("A neutron star.", ReplyShaper.draft(sage, "A neutron star. Hum"));
        assertEquals("A neutron star.", ReplyShaper.draft(sage, "A neutron star. Human: and more words"));
        assertEquals("A neutron star.", ReplyShaper.draft(sage, "A neutron star.\nNext line"));
        assertEveryDraftIsAPrefix(sage, "A neutron star. Humans love it.\nHuman: then?");
    }

    @Test
    void skipShowsNothingNorDoesAnythingThatMayStillBecomeSkip() {
        assertEquals("", ReplyShaper.draft(sage, "["));
        assertEquals("", ReplyShaper.draft(sage, "[sk"));
        assertEquals("", ReplyShaper.draft(sage, "[SKIP]"));
        assertEquals("", ReplyShaper.draft(sage, "  [SKIP] because"));
        assertEveryDraftIsAPrefix(sage, "[SKIP]");
        assertEveryDraftIsAPrefix(sage, "   [skip]  ");
        assertEquals("[SKIPPER]", ReplyShaper.draft(plain, "[SKIPPER]"));
    }

    @Test
    void reasoningIsNeverShown() {
        assertEquals("Hi", ReplyShaper.draft(plain, "Hi <thi"));
        assertEquals("Hi", ReplyShaper.draft(plain, "Hi <think>secret plan"));
        assertEquals("Hi there", ReplyShaper.draft(plain, "Hi <think>secret plan</think> there"));
        assertEveryDraftIsAPrefix(plain, "<think>I should greet.</think>Hello, stargazer.");
        assertEveryDraftIsAPrefix(plain, "Hi <THINK>plan</THINK> there, friend");
    }

    @Test
    void aPersonaToldAboutSkipShowsNoTextSoASkipAfterWordsTakesNothingBack() {
        Persona mayDecline = Personas.sage().systemPrompt("Answer, or reply [skip] if it is not for you.").build();
        assertEquals(DraftText.WRITING, mayDecline.drafts());
        assertEquals(DraftText.LIVE, sage.drafts());
        assertEquals("", ReplyShaper.draft(mayDecline, "Not addressed to me, so"));
        assertEveryDraftIsAPrefix(mayDecline, "Not addressed to me, so [SKIP]");
        assertEveryDraftIsAPrefix(mayDecline, "A pulsar spins.");
        // The file's choice wins over what the prompts suggest, both ways.
        assertEquals("Not addressed", ReplyShaper.draft(mayDecline.toBuilder().drafts(DraftText.LIVE).build(),
                "Not addressed"));
        assertEquals("", ReplyShaper.draft(sage.toBuilder().drafts(DraftText.WRITING).build(), "A pulsar"));
    }

    @Test
    void aModelThatBeginsInsideItsReasoningShowsTextOnlyAfterItClosesIt() {
        Persona thinker = plain.toBuilder().drafts(DraftText.AFTER_REASONING).build();
        String completion = "The user asks about pulsars; keep it short.</think>A pulsar is a spinning star.";
        assertEquals("", ReplyShaper.draft(thinker, "The user asks about pulsars"));
        assertEquals("A pulsar", ReplyShaper.draft(thinker, completion.substring(0, completion.indexOf("is a"))));
        assertEveryDraftIsAPrefix(thinker, completion);
        assertTrue(ReplyShaper.closesUnopenedReasoning(completion));
        assertTrue(ReplyShaper.closesUnopenedReasoning("x</THINK> y <think>z</think>"));
        assertFalse(ReplyShaper.closesUnopenedReasoning("<think>plan</think> Hi"));
        assertFalse(ReplyShaper.closesUnopenedReasoning("Hi"));
        // What LIVE would show of the same completion, and why AFTER_REASONING exists: words the reply drops.
        String live = ReplyShaper.draft(plain, "The user asks about pulsars");
        assertFalse(ReplyShaper.shape(plain, completion).text().startsWith(live));
    }

    @Test
    void draftModesHaveTheirFileNames() {
        assertEquals(Optional.of(DraftText.AFTER_REASONING), DraftText.named(" afterreasoning "));
        assertEquals(Optional.of(DraftText.WRITING), DraftText.named("writing"));
        assertEquals(Optional.of(DraftText.LIVE), DraftText.named("LIVE"));
        assertEquals(Optional.empty(), DraftText.named("stream"));
        assertEquals(Optional.empty(), DraftText.named(null));
    }

    @Test
    void aLongReplyIsShownOnlyAsFarAsTheCutAtTheLengthLimitKeeps() {
        StringBuilder words = new StringBuilder();
        while (words.length() < 1400) {
            words.append("word").append(words.length() % 7).append(' ');
        }
        assertEveryDraftIsAPrefix(plain, words.toString());
        String noSpaces = "x".repeat(1300);
        assertEveryDraftIsAPrefix(plain, noSpaces);
        String lateSpace = "y".repeat(700) + " " + "z".repeat(600);
        assertEveryDraftIsAPrefix(plain, lateSpace);
        assertEquals(ReplyShaper.SURE_CHARS, ReplyShaper.draft(plain, noSpaces).length());
    }

    @Test
    void draftsOfAnOrdinaryCompletionOnlyGrow() {
        String completion = "Sage: A pulsar is a spinning neutron star, [not a skip] and it flashes. Human: ok";
        List<String> drafts = drafts(sage, completion);
        for (int i = 1; i < drafts.size(); i++) {
            assertTrue(drafts.get(i).startsWith(drafts.get(i - 1)), drafts.get(i - 1) + " -> " + drafts.get(i));
        }
        assertEquals(ReplyShaper.shape(sage, completion).text(), drafts.get(drafts.size() - 1));
    }

    private static List<String> drafts(Persona persona, String completion) {
        List<String> drafts = new ArrayList<>();
        for (int end = 0; end <= completion.length(); end++) {
            drafts.add(ReplyShaper.draft(persona, completion.substring(0, end)));
        }
        return drafts;
    }

    private static void assertEveryDraftIsAPrefix(Persona persona, String completion) {
        ReplyText reply = ReplyShaper.shape(persona, completion);
        String stored = reply.isText() ? reply.text() : "";
        for (int end = 0; end <= completion.length(); end++) {
            String draft = ReplyShaper.draft(persona, completion.substring(0, end));
            assertTrue(stored.startsWith(draft), "draft '" + draft + "' of " + end + " characters is not the start of '"
                    + stored + "'");
        }
    }
}
