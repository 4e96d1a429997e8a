package dev.chorus.interfaces.rest;

import dev.chorus.application.BoardService;
import dev.chorus.domain.AppendOutcome;
import dev.chorus.domain.InvalidMessageException;
import dev.chorus.domain.MessageBoard;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.UserFilter;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
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

/** {@code /api/comments}: polling, pages, user search, posting and bot bookkeeping, exactly as API.md. */
@Path("comments")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CommentsResource {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    @Inject
    BoardService board;

    @Inject
    CallerResolver callers;

    @Context
    HttpServletRequest request;

    @GET
    public Response list(@QueryParam("after") String after, @QueryParam("since") String since,
                         @QueryParam("type") String type, @QueryParam("limit") String limit,
                         @QueryParam("offset") String offset, @QueryParam("search") String search,
                         @QueryParam("uss") String uss) {
        MessageType messageType = Queries.type(type);
        int max = Queries.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        if (uss != null) {
            return Response.ok(userSearch(uss, max)).build();
        }
        String cursor = after != null ? after : since;
        if (cursor != null) {
            return Response.ok(MessageJson.array(board.poll(Queries.cursor(cursor), messageType, max))).build();
        }
        int start = Queries.offset(offset);
        MessageBoard.Page page = board.page(start, max, messageType, search);
        return Response.ok(Json.createObjectBuilder()
                .add("comments", MessageJson.array(page.messages()))
                .add("total", page.total())
                .add("hasMore", start + page.messages().size() < page.total())
                .build()).build();
    }

    private JsonObject userSearch(String uss, int limit) {
        List<String> terms = Arrays.stream(uss.split("[+ ]")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        if (terms.isEmpty()) {
            throw new InvalidMessageException("uss", "uss needs at least one name, as name or name:RRRGGGBBB");
        }
        List<UserFilter> users = terms.stream().map(UserFilter::parse).toList();
        var found = board.searchUsers(users, limit);
        JsonArrayBuilder searched = Json.createArrayBuilder();
        terms.forEach(searched::add);
        return Json.createObjectBuilder()
                .add("comments", MessageJson.array(found))
                .add("total", found.size())
                .add("hasMore", false)
                .add("serverSideSearch", true)
                .add("searchedUsers", searched)
                .build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response post(InputStream body) {
        JsonObject json = BoundedJson.readObject(body);
        AppendOutcome outcome = board.post(PostBody.toDraft(json, originHost(), System.currentTimeMillis()),
                callers.resolve(request));
        Response.ResponseBuilder response = Response.ok(MessageJson.object(outcome.message()));
        if (outcome.duplicate()) {
            response.header("X-Chorus-Duplicate", "true");
        }
        return response.build();
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response patch(@PathParam("id") String id, InputStream body) {
        var caller = callers.resolve(request);
        JsonObject json = BoundedJson.readObject(body);
        JsonValue params = json.get("botParams");
        JsonValue processed = params instanceof JsonObject object ? object.get("processed") : null;
        if (processed != JsonValue.TRUE && processed != JsonValue.FALSE) {
            throw new InvalidMessageException("botParams.processed", "body must be {\"botParams\": {\"processed\": true|false}}");
        }
        var updated = board.setProcessed(new MessageId(id), processed == JsonValue.TRUE, caller);
        return Response.ok(MessageJson.object(updated)).build();
    }

    private String originHost() {
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
