package dev.chorus.application.bot;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.application.ReplyDrafts;
import dev.chorus.domain.bot.ReplyDraft;
import dev.chorus.domain.persona.Persona;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link DraftWriter} on its own: a draft whose shown text stays the same (the model thinking) is still sent now and
 * then, so a page that drops silent drafts keeps it; a failure while shaping the text is the draft's, never the
 * LLM call's.
 */
class DraftWriterTest {
    private final List<ReplyDraft> published = new CopyOnWriteArrayList<>();
    private final AtomicLong nanos = new AtomicLong();
    private final DraftModes modes = new DraftModes();
    private final ReplyDrafts drafts = new ReplyDrafts() {
        @Override
        public void publish(ReplyDraft draft) {
            published.add(draft);
        }

        @Override
        public AutoCloseable subscribe(Consumer<ReplyDraft> listener) {
            return () -> { };
        }
    };
    private final DraftWriter writer = new DraftWriter(drafts, InMemoryBot.SAGE, modes, "sage-model",
            ReplyDraft.started("m1", "t1", "sage", "Sage", "080215225", InMemoryBot.MEMBER), nanos::get);

    private void after(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void aDraftWhoseTextDoesNotChangeIsSentAgainWhileChunksArrive() {
        writer.begin();
        StringBuilder raw = new StringBuilder("<think>");
        for (int second = 0; second < 40; second++) { // 40 s of reasoning, a chunk a second, nothing to show
            after(Duration.ofSeconds(1));
            raw.append("hmm ");
            writer.textSoFar(raw);
        }
        assertTrue(published.size() >= 3, "started, then again at least every 15 s: " + published);
        for (int i = 1; i < published.size(); i++) {
            assertEquals("", published.get(i).text(), "the reasoning is never shown");
            assertTrue(published.get(i).sequence() > published.get(i - 1).sequence(), "each one is news to a page");
        }
    }

    @Test
    void aFailureWhileShapingStopsTheDraftNotTheCall() {
        writer.begin();
        CharSequence broken = new CharSequence() {
            @Override
            public int length() {
                return 5;
            }

            @Override
            public char charAt(int index) {
                throw new IllegalStateException("no text");
            }

            @Override
            public CharSequence subSequence(int start, int end) {
                throw new IllegalStateException("no text");
            }

            @Override
            public String toString() {
                throw new IllegalStateException("no text");
            }
        };
        after(Duration.ofSeconds(1));
        assertDoesNotThrow(() -> writer.textSoFar(broken));
        after(Duration.ofSeconds(1));
        writer.textSoFar("Pulsars spin.");
        assertEquals(1, published.size(), "no more updates after the failure: " + published);
    }

    @Test
    void aModelSeenToBeginInsideItsReasoningIsDraftedOnlyAfterItClosesItFromThenOn() {
        assertEquals("The user wants a short answer", shown(writer, "The user wants a short answer"),
                "nothing yet says this is reasoning");
        assertEquals("Pulsars", shown(writer, "The user wants a short answer.</think>Pulsars"));

        DraftWriter next = begun(InMemoryBot.SAGE, "sage-model", "m2");
        assertEquals("", shown(next, "Again the user wants"), "the next reply's reasoning is not shown");
        assertEquals("Neutron stars", shown(next, "Again the user wants.</think>Neutron stars"));

        assertEquals("", shown(begun(InMemoryBot.SAGE, "another-model", "m3"), "Stars"),
                "learned for the persona, whatever model a message names");
        assertEquals("Stars", shown(begun(InMemoryBot.SAGE.toBuilder().id("other").build(), "sage-model", "m4"),
                "Stars"), "learned for that persona only");
    }

    /** A started draft of {@code persona}'s reply to {@code messageId}, under the test's shared modes. */
    private DraftWriter begun(Persona persona, String model, String messageId) {
        DraftWriter draft = new DraftWriter(drafts, persona, modes, model, ReplyDraft.started(messageId, "t",
                persona.id(), persona.username(), persona.color(), InMemoryBot.MEMBER), nanos::get);
        draft.begin();
        return draft;
    }

    /** The text {@code draft} publishes a second later for the completion so far {@code raw}. */
    private String shown(DraftWriter draft, String raw) {
        if (published.isEmpty()) {
            draft.begin();
        }
        after(Duration.ofSeconds(1));
        draft.textSoFar(raw);
        return last().text();
    }

    private ReplyDraft last() {
        return published.get(published.size() - 1);
    }
}
