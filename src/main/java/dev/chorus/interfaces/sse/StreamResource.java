package dev.chorus.interfaces.sse;

import dev.chorus.domain.MessageType;
import dev.chorus.interfaces.rest.Queries;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * {@code GET /api/stream?after=<ms>&type=human|AI}: one {@code message} event per new message, SSE id = its
 * timestamp. The start cursor is {@code Last-Event-ID} when the client sends a valid one (a browser reconnecting
 * repeats the original {@code ?after=}, so the header must win), else {@code after}, else the newest message
 * now (only new messages). The connection is answered at once with a comment so the headers reach the client
 * immediately; from then on only the hub's pump writes to it.
 */
@Path("stream")
@RequestScoped
public class StreamResource {
    static final String LAST_EVENT_ID = "Last-Event-ID";

    @Inject
    StreamHub hub;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@QueryParam("after") String after, @QueryParam("type") String type,
                       @HeaderParam(LAST_EVENT_ID) String lastEventId,
                       @Context SseEventSink sink, @Context Sse sse) {
        MessageType messageType = Queries.type(type);
        Long cursor = lastEventId(lastEventId);
        if (cursor == null && after != null && !after.isBlank()) {
            cursor = Queries.cursor(after);
        }
        hub.subscribe(sink, sse, cursor, messageType);
    }

    /** A Last-Event-ID we did not issue (not a non-negative number) is ignored, not an error. */
    static Long lastEventId(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        try {
            long value = Long.parseLong(lastEventId.trim());
            return value < 0 ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
