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
import dev.chorus.application.moderation.Moderation;
import dev.chorus.domain.Message;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/comments}: polling, pages, user search, posting, bot bookkeeping and the operator's hide/restore,
 * exactly as docs/api.md.
 * One instance for the application: creating and injecting a resource per request cost a large part of a poll.
 * Cursor polls are answered by {@link PollFastPath} before JAX-RS; {@link #list} still declares their parameters
 * so the OpenAPI document (/openapi) shows them, and answers them the same way should one get here.
 */
@Path("comments")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "comments", description = "The board: polling, pages, user search, posting, bot bookkeeping, hiding")
public class CommentsResource {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    @Inject
    BoardService board;

    @Inject
    CallerResolver callers;

    @Inject
    Moderation moderation;

    @GET
    @Operation(summary = "Cursor poll, page, or user search",
            description = "With after (or since): cursor polling, a bare JSON array of the earliest `limit` messages with "
                    + "timestamp > after, newest first. With uss: user search, {comments (newest first), total, hasMore, "
                    + "serverSideSearch, searchedUsers: [{username, color}]}, paged with offset/limit. Otherwise a page "
                    + "counted from the newest end: {comments (oldest first), total, hasMore}; limit=0 answers only "
                    + "total and hasMore. Messages addressed to a persona (botParams.entity) carry their context.")
    @APIResponse(responseCode = "200", description = "A bare array (poll) or a page object (page, user search)")
    @APIResponse(responseCode = "400", description = "A malformed parameter; the JSON error names it in `field`")
    @APIResponse(responseCode = "503", description = "Storage unavailable (never an empty 200)")
    public Response list(
            @Parameter(description = "Cursor: server timestamp in ms; answers messages with timestamp > after (poll)")
            @QueryParam("after") String after,
            @Parameter(description = "Alias of after") @QueryParam("since") String since,
            @Parameter(description = "human or AI (any case); absent or ALL: both") @QueryParam("type") String type,
            @Parameter(description = "Messages per answer: default 50, larger than 1000 is clamped; pages and user "
                    + "search accept 0 (totals only), polls need at least 1") @QueryParam("limit") String limit,
            @Parameter(description = "Page or user search: messages to skip from the newest end, default 0")
            @QueryParam("offset") String offset,
            @Parameter(description = "Page: case-insensitive substring of text or username") @QueryParam("search") String search,
            @Parameter(description = "User search: names separated by + or space, each name or name:color; names "
                    + "compare lower-cased without non-alphanumerics") @QueryParam("uss") String uss,
            @Parameter(description = "Accepted for the original clients (domain=all); ignored: every domain is listed")
            @QueryParam("domain") String domain,
            @Parameter(description = "Accepted for the original bot (sort=timestamp); ignored: pages are in timestamp order")
            @QueryParam("sort") String sort,
            @Parameter(description = "Accepted for the original bot (order=desc); ignored: pages are oldest first")
            @QueryParam("order") String order,
            @Parameter(description = "Cache buster of the original queue monitor; ignored") @QueryParam("t") String t) {
        MessageType messageType = Queries.type(type);
        String cursor = after != null ? after : since;
        if (cursor != null && uss == null) {
            int max = Queries.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
            return Response.ok(MessageJson.array(board.poll(Queries.cursor(cursor), messageType, max))).build();
        }
        int max = Queries.pageLimit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        int start = Queries.offset(offset);
        if (uss != null) {
            return Response.ok(userSearch(uss, start, max)).build();
        }
        MessageBoard.Page page = board.page(start, max, messageType, search);
        return Response.ok(JsonSupport.write(json -> {
            json.writeStartObject();
            MessageJson.writeArray(json, "comments", page.messages());
            json.write("total", page.total())
                    .write("hasMore", start + page.messages().size() < page.total())
                    .writeEnd();
        })).build();
    }

    private String userSearch(String uss, int offset, int limit) {
        List<String> terms = Arrays.stream(uss.split("[+ ]")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        if (terms.isEmpty()) {
            throw new InvalidMessageException("uss", "uss needs at least one name, as name or name:RRRGGGBBB");
        }
        List<UserFilter> users = terms.stream().map(UserFilter::parse).toList();
        MessageBoard.Page found = board.searchUsers(users, offset, limit);
        return JsonSupport.write(json -> {
            json.writeStartObject();
            MessageJson.writeArray(json, "comments", found.messages());
            json.write("total", found.total())
                    .write("hasMore", offset + found.messages().size() < found.total())
                    .write("serverSideSearch", true)
                    .writeStartArray("searchedUsers");
            for (int i = 0; i < terms.size(); i++) { // the original's shape: {username, color}, color null if none
                String term = terms.get(i);
                int colon = term.lastIndexOf(':');
                json.writeStartObject().write("username", colon < 0 ? term : term.substring(0, colon));
                if (users.get(i).color() == null) {
                    json.writeNull("color");
                } else {
                    json.write("color", users.get(i).color().digits());
                }
                json.writeEnd();
            }
            json.writeEnd().writeEnd();
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Post a message",
            description = "Body: a message (docs/api.md). Idempotent on id: a repeat answers the stored message with "
                    + "X-Chorus-Duplicate: true. message-type AI needs the bot credential. A 2xx means durable and "
                    + "visible to every poller; the answer is the message as stored.")
    @RequestBody(description = "The message: id, text, username, color, domain, language, message-type, misc, "
            + "context, botParams, replyTo; timestamp is kept as clientTimestamp", required = true)
    @APIResponse(responseCode = "200", description = "The stored message")
    @APIResponse(responseCode = "400", description = "Validation failed; the JSON error names the field")
    @APIResponse(responseCode = "401", description = "message-type AI without the bot credential")
    @APIResponse(responseCode = "413", description = "Body over 64 KiB")
    @APIResponse(responseCode = "403", description = "A ban holds for this address or username: reason, secondsLeft")
    @APIResponse(responseCode = "410",
            description = "The id is a message an operator hid: nothing stored, its text not given back")
    @APIResponse(responseCode = "415", description = "Not JSON")
    @APIResponse(responseCode = "429", description = "Rate limit; Retry-After in seconds")
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
    @Operation(summary = "Bot bookkeeping: set botParams.processed",
            description = "Body {\"botParams\": {\"processed\": true|false}}; needs the bot credential. true: status "
                    + "complete; false: back to pending with attempts 0. Either clears an earlier lastError.")
    @RequestBody(description = "{\"botParams\": {\"processed\": true|false}}", required = true)
    @APIResponse(responseCode = "200", description = "The updated message")
    @APIResponse(responseCode = "400", description = "No botParams.processed boolean in the body")
    @APIResponse(responseCode = "401", description = "Without the bot credential")
    @APIResponse(responseCode = "404", description = "No message with that id")
    public Response patch(@Parameter(description = "The message id") @PathParam("id") String id, InputStream body,
                          @Context HttpServletRequest request) {
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

    @DELETE
    @Path("{id}")
    @Operation(summary = "Moderation: hide a message for every reader",
            description = "Needs the operator credential. The message leaves polls, pages, search, uss, the stream and "
                    + "the counts on every member; open streams get a `hidden` event. It keeps its timestamp, so no "
                    + "cursor skips or repeats; the row is kept. Idempotent.")
    @APIResponse(responseCode = "200", description = "{id, timestamp, hidden: true}")
    @APIResponse(responseCode = "401", description = "Without the operator credential")
    @APIResponse(responseCode = "404", description = "No message with that id")
    @APIResponse(responseCode = "503",
            description = "Storage (or the cluster) refused; nothing changed or the change is incomplete: repeat it")
    @SecurityRequirement(name = ChorusApi.BEARER)
    public Response hide(@Parameter(description = "The message id") @PathParam("id") String id,
                         @Context HttpServletRequest request) {
        return Response.ok(visibility(moderation.hide(id, callers.resolve(request)), true)).build();
    }

    @POST
    @Path("{id}/restore")
    @Operation(summary = "Moderation: show a hidden message again",
            description = "Needs the operator credential. Back in pages, search, uss and counts at its own timestamp "
                    + "(a cursor already past it does not get it again). Idempotent.")
    @APIResponse(responseCode = "200", description = "{id, timestamp, hidden: false}")
    @APIResponse(responseCode = "401", description = "Without the operator credential")
    @APIResponse(responseCode = "404", description = "No message with that id")
    @APIResponse(responseCode = "503",
            description = "Storage (or the cluster) refused; nothing changed or the change is incomplete: repeat it")
    @SecurityRequirement(name = ChorusApi.BEARER)
    public Response restore(@Parameter(description = "The message id") @PathParam("id") String id,
                            @Context HttpServletRequest request) {
        return Response.ok(visibility(moderation.restore(id, callers.resolve(request)), false)).build();
    }

    private static JsonObject visibility(Message message, boolean hidden) {
        return JsonSupport.BUILDERS.createObjectBuilder().add("id", message.id().value())
                .add("timestamp", message.timestamp()).add("hidden", hidden).build();
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
