package dev.chorus.interfaces.rest;

import dev.chorus.domain.bot.ReplyDraft;

/**
 * Reply drafts as live push shows them (docs/api.md, "Drafts"): the {@code data} of a {@code draft} event — the
 * persona, the name and color the reply is posted under, the message replied to, the text so far — or of a
 * {@code draft-end} event, saying why the draft ended. The generating member's id stays inside the cluster.
 */
public final class DraftJson {
    private DraftJson() {
    }

    /** The SSE event name for {@code draft}. */
    public static String eventName(ReplyDraft draft) {
        return draft.isEnd() ? "draft-end" : "draft";
    }

    public static String text(ReplyDraft d) {
        return JsonSupport.write(json -> {
            json.writeStartObject()
                    .write("draft", d.draftId())
                    .write("replyTo", d.replyTo())
                    .write("entity", d.entity())
                    .write("username", d.username())
                    .write("color", d.color())
                    .write("seq", d.sequence());
            if (d.isEnd()) {
                json.write("reason", d.end().wireName());
                if (d.replyId() != null) {
                    json.write("replyId", d.replyId());
                }
            } else {
                json.write("text", d.text());
            }
            json.writeEnd();
        });
    }
}
