package dev.chorus.application.bot;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.application.ReplyDrafts;
import dev.chorus.domain.bot.ReplyDraft;
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
        writer.begin();
        after(Duration.ofSeconds(1));
        writer.textSoFar("The user wants a short answer");
        assertEquals("The user wants a short answer", last().text(), "nothing yet says this is reasoning");
        after(Duration.ofSeconds(1));
        writer.textSoFar("The user wants a short answer.</think>Pulsars");
        assertEquals("Pulsars", last().text());

        published.clear();
        DraftWriter next = new DraftWriter(drafts, InMemoryBot.SAGE, modes, "sage-model",
                ReplyDraft.started("m2", "t2", "sage", "Sage", "080215225", InMemoryBot.MEMBER), nanos::get);
        next.begin();
        after(Duration.ofSeconds(1));
        next.textSoFar("Again the user wants");
        assertEquals("", last().text(), "the next reply's reasoning is not shown");
        after(Duration.ofSeconds(1));
        next.textSoFar("Again the user wants.</think>Neutron stars");
        assertEquals("Neutron stars", last().text());

        published.clear();
        DraftWriter otherModel = new DraftWriter(drafts, InMemoryBot.SAGE, modes, "another-model",
                ReplyDraft.started("m3", "t3", "sage", "Sage", "080215225", InMemoryBot.MEMBER), nanos::get);
        otherModel.begin();
        after(Duration.ofSeconds(1));
        otherModel.textSoFar("Stars");
        assertEquals("", last().text(), "learned for the persona, whatever model a message names");

        published.clear();
        DraftWriter otherPersona = new DraftWriter(drafts, InMemoryBot.SAGE.toBuilder().id("other").build(), modes,
                "sage-model", ReplyDraft.started("m4", "t4", "other", "Other", "080215225", InMemoryBot.MEMBER),
                nanos::get);
        otherPersona.begin();
        after(Duration.ofSeconds(1));
        otherPersona.textSoFar("Stars");
        assertEquals("Stars", last().text(), "learned for that persona only");
    }

    private ReplyDraft last() {
        return published.get(published.size() - 1);
    }
}
