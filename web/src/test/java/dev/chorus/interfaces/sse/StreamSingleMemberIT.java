package dev.chorus.interfaces.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import java.time.Duration;
import java.util.List;
import dev.chorus.support.ChorusMembers;
import dev.chorus.support.SharedMembers;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live push on one member with the default H2 database (runs where PostgreSQL is absent): replay from
 * {@code after=}, {@code Last-Event-ID} winning over {@code after=}, live delivery, and the 400 for a bad cursor.
 */
class StreamSingleMemberIT {
    /** Read-mostly, tolerant of other messages on the board: the member BoardPageBrowserIT uses too. */
    @RegisterExtension
    static final ChorusMembers chorus = SharedMembers.readMostly();
    private static ChorusServer server;

    @BeforeAll
    static void start() {
        server = chorus.server();
    }

    @Test
    void replaysAfterTheCursorThenGoesLiveAndLastEventIdWins() throws Exception {
        BoardClient board = server.client();
        long t0 = board.postText("one-0", "zero").getJsonNumber("timestamp").longValue();
        long t1 = board.postText("one-1", "one").getJsonNumber("timestamp").longValue();
        board.postText("one-2", "two");

        try (SseClient fromAfter = SseClient.open(server.baseUri(), "?after=" + t0, null);
             SseClient fromHeader = SseClient.open(server.baseUri(), "?after=" + t0, String.valueOf(t1))) {
            assertEquals(List.of("one-1", "one-2"), ids(fromAfter.collect(got -> got.size() >= 2, Duration.ofSeconds(10))));
            assertEquals(List.of("one-2"), ids(fromHeader.collect(got -> got.size() >= 1, Duration.ofSeconds(10))));

            board.postText("one-3", "three");
            assertEquals(List.of("one-3"), ids(fromAfter.collect(got -> got.size() >= 1, Duration.ofSeconds(10))));
            assertEquals(List.of("one-3"), ids(fromHeader.collect(got -> got.size() >= 1, Duration.ofSeconds(10))));
            assertEquals(null, fromAfter.next(Duration.ofMillis(200)), "nothing twice");
        }
    }

    @Test
    void aMalformedCursorIsA400WithTheUsualError() {
        var reply = server.client().send(server.client().request("/api/stream?after=yesterday")
                .header("Accept", "text/event-stream").GET());
        assertEquals(400, reply.status());
        assertEquals("after", reply.json().getString("field"));
        var badType = server.client().get("/api/stream?type=robots");
        assertEquals(400, badType.status());
        assertTrue(badType.json().getString("error").contains("type"));
    }

    private static List<String> ids(List<SseClient.Event> events) {
        return events.stream().map(e -> e.json().getString("id")).toList();
    }
}
