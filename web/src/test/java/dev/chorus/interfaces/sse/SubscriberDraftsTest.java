package dev.chorus.interfaces.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.bot.ReplyDraft;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What one stream gets of the drafts ({@link Subscriber#offerDrafts}), on a connection whose readiness the test
 * switches: a draft-end is never lost for a draft the stream showed, drafts never go to a stream behind on stored
 * messages, and draft bytes per round are bounded.
 */
class SubscriberDraftsTest {
    private final FakeStream stream = new FakeStream();
    private final Subscriber subscriber = subscriber();

    private static ReplyDraft draft(String replyTo) {
        return ReplyDraft.started(replyTo, "1", "sage", "Sage", "080215225", "member-a");
    }

    private static List<DraftEvent> round(ReplyDraft... drafts) {
        List<DraftEvent> events = new ArrayList<>();
        for (ReplyDraft d : drafts) {
            events.add(DraftEvent.of(d));
        }
        return events;
    }

    private String text() {
        return stream.text();
    }

    @Test
    void theEndOfAShownDraftWaitsForAStreamThatWasNotTakingBytes() {
        ReplyDraft d = draft("m1").withText("High tide");
        subscriber.offerDrafts(round(d), true, StreamHub.DRAFT_BYTES_PER_ROUND);
        assertTrue(text().contains("\"text\":\"High tide\""), text());

        stream.takesBytes(false); // the round the draft ends in, the connection is full
        subscriber.offerDrafts(round(d.ended(ReplyDraft.End.FAILED, null)), true, StreamHub.DRAFT_BYTES_PER_ROUND);
        assertFalse(text().contains("draft-end"));

        stream.takesBytes(true); // a later round with no drafts heard at all
        subscriber.offerDrafts(List.of(), true, StreamHub.DRAFT_BYTES_PER_ROUND);
        assertTrue(text().contains("event: draft-end\ndata: {\"draft\":\"m1/1\""), text());
        int length = text().length();
        subscriber.offerDrafts(List.of(), true, StreamHub.DRAFT_BYTES_PER_ROUND);
        assertEquals(length, text().length(), "an end goes once");
    }

    @Test
    void theEndOfADraftTheStreamNeverShowedIsNotSent() {
        ReplyDraft d = draft("m2").withText("Low");
        subscriber.offerDrafts(round(d.ended(ReplyDraft.End.WITHDRAWN, null)), true, StreamHub.DRAFT_BYTES_PER_ROUND);
        assertEquals("", text());
    }

    @Test
    void aStreamBehindOnStoredMessagesGetsNoDraftsButStillItsEnds() {
        ReplyDraft d = draft("m3").withText("First");
        subscriber.offerDrafts(round(d), true, StreamHub.DRAFT_BYTES_PER_ROUND);
        int shown = text().length();
        subscriber.offerDrafts(round(d.withText("First words")), false, StreamHub.DRAFT_BYTES_PER_ROUND);
        subscriber.offerDrafts(round(d.withText("First words").ended(ReplyDraft.End.SKIPPED, null)), false,
                StreamHub.DRAFT_BYTES_PER_ROUND);
        assertEquals(shown, text().length(), "messages first: nothing while the stream is behind");
        subscriber.offerDrafts(List.of(), true, StreamHub.DRAFT_BYTES_PER_ROUND);
        assertTrue(text().contains("event: draft-end\ndata: {\"draft\":\"m3/1\""), text());
        assertFalse(text().contains("First words"), "a superseded update is not kept");
    }

    @Test
    void draftBytesPerRoundAreBounded() {
        String words = "word ".repeat(200); // ~1 KiB a draft
        List<DraftEvent> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(DraftEvent.of(draft("m" + i).withText(words)));
        }
        subscriber.offerDrafts(many, true, StreamHub.DRAFT_BYTES_PER_ROUND);
        int size = text().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(size >= StreamHub.DRAFT_BYTES_PER_ROUND && size < StreamHub.DRAFT_BYTES_PER_ROUND + 2 * 1024,
                "about the budget, not 40 KiB: " + size);
    }

    private Subscriber subscriber() {
        try {
            return new Subscriber(stream.async(), 0, 0, null, "127.0.0.1", () -> { });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
