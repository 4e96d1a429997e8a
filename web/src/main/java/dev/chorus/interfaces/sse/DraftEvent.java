package dev.chorus.interfaces.sse;

import dev.chorus.domain.bot.ReplyDraft;
import dev.chorus.interfaces.rest.DraftJson;
import java.nio.charset.StandardCharsets;

/**
 * One draft update or end as it goes on the wire ({@code draft} / {@code draft-end}, no SSE id), encoded once per
 * round for every subscriber that gets it.
 *
 * @param draftId which draft
 * @param end     whether this is its {@code draft-end}
 * @param bytes   the whole event, UTF-8
 */
record DraftEvent(String draftId, boolean end, byte[] bytes) {

    static DraftEvent of(ReplyDraft draft) {
        String event = "event: " + DraftJson.eventName(draft) + "\ndata: " + DraftJson.text(draft) + "\n\n";
        return new DraftEvent(draft.draftId(), draft.isEnd(), event.getBytes(StandardCharsets.UTF_8));
    }
}
