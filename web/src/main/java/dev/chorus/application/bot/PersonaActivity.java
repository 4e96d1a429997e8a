package dev.chorus.application.bot;

import java.util.List;
import java.util.Map;

/**
 * What a persona did lately, for the operator console: of the messages addressed to it in the last hour, how many
 * it answered with a reply and how many failed, and how long the replies took (the port; the database adapter
 * implements it).
 */
public interface PersonaActivity {

    record LastHour(long replies, long failures) {
        public static final LastHour NONE = new LastHour(0, 0);
    }

    /** A persona reply's latency: from its message's post to the stored reply. */
    record ReplyLatency(long postedAt, long millis) {
    }

    /** Every persona's last hour at once (one read however many personas), by persona id; absent: none. */
    Map<String, LastHour> lastHour();

    /**
     * The reply latency of the messages posted in the last hour that got their reply, oldest first, at most the
     * newest {@code limit}: what the console charts (cluster-wide, unlike the LLM call times of one member).
     */
    List<ReplyLatency> replyLatencies(int limit);
}
