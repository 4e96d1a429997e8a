package dev.chorus.interfaces.rest;

import dev.chorus.application.AccessDeniedException;
import dev.chorus.application.BoardService;
import dev.chorus.domain.AppendOutcome;
import dev.chorus.domain.InvalidMessageException;
import dev.chorus.domain.MessageBoard;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.UserFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * {@code /api/comments}: polling, pages, user search, posting and bot bookkeeping, exactly as API.md.
 * One instance for the application: creating and injecting a resource per request cost a large part of a poll.
 */
@Path("comments")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class CommentsResource {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    @Inject
    BoardService board;

    @Inject
    CallerResolver callers;

    /** Pages and user search. Cursor polls ({@code after=} / {@code since=}) never get here: see {@link PollFastPath}. */
    @GET
    public Response list(@QueryParam("type") String type, @QueryParam("limit") String limit,
                         @QueryParam("offset") String offset, @QueryParam("search") String search,
                         @QueryParam("uss") String uss) {
        MessageType messageType = Queries.type(type);
        int max = Queries.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        if (uss != null) {
            return Response.ok(userSearch(uss, max)).build();
        }
        int start = Queries.offset(offset);
        MessageBoard.Page page = board.page(start, max, messageType, search);
        return Response.ok(JsonSupport.write(json -> {
            json.writeStartObject();
            MessageJson.writeArray(json, "comments", page.messages());
            json.write("total", page.total())
                    .write("hasMore", start + page.messages().size() < page.total())
                    .writeEnd();
        })).build();
    }

    private String userSearch(String uss, int limit) {
        List<String> terms = Arrays.stream(uss.split("[+ ]")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        if (terms.isEmpty()) {
            throw new InvalidMessageException("uss", "uss needs at least one name, as name or name:RRRGGGBBB");
        }
        List<UserFilter> users = terms.stream().map(UserFilter::parse).toList();
        var found = board.searchUsers(users, limit);
        return JsonSupport.write(json -> {
            json.writeStartObject();
            MessageJson.writeArray(json, "comments", found);
            json.write("total", found.size()).write("hasMore", false).write("serverSideSearch", true)
                    .writeStartArray("searchedUsers");
            terms.forEach(json::write);
            json.writeEnd().writeEnd();
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response post(InputStream body, @Context HttpServletRequest request) {
        JsonObject json = BoundedJson.readObject(body);
        AppendOutcome outcome = board.post(PostBody.toDraft(json, originHost(request), System.currentTimeMillis()),
                callers.resolve(request));
        // A repeat of a stored id gets the stored message as lists show it: without context (which only its
        // sender ever sent), so re-posting a known id cannot read another client's context.
        Response.ResponseBuilder response = Response.ok(MessageJson.text(
                outcome.duplicate() ? outcome.message().slim() : outcome.message()));
        if (outcome.duplicate()) {
            response.header("X-Chorus-Duplicate", "true");
        }
        return response.build();
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response patch(@PathParam("id") String id, InputStream body, @Context HttpServletRequest request) {
        var caller = callers.resolve(request);
        if (!caller.bot()) { // 401 before looking at the body: an anonymous caller learns nothing about it
            throw new AccessDeniedException("PATCH needs the bot credential");
        }
        JsonObject json = BoundedJson.readObject(body);
        JsonValue params = json.get("botParams");
        JsonValue processed = params instanceof JsonObject object ? object.get("processed") : null;
        if (processed != JsonValue.TRUE && processed != JsonValue.FALSE) {
            throw new InvalidMessageException("botParams.processed", "body must be {\"botParams\": {\"processed\": true|false}}");
        }
        var updated = board.setProcessed(new MessageId(id), processed == JsonValue.TRUE, caller);
        return Response.ok(MessageJson.text(updated)).build();
    }

    private static String originHost(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null || origin.isBlank() || "null".equals(origin)) {
            return "unknown";
        }
        try {
            String host = URI.create(origin.trim()).getHost();
            return host == null ? "unknown" : host;
        } catch (IllegalArgumentException e) {
            return "unknown";
        }
    }
}
