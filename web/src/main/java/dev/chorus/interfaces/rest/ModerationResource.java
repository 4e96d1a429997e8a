package dev.chorus.interfaces.rest;

import dev.chorus.application.moderation.Ban;
import dev.chorus.application.moderation.Moderation;
import dev.chorus.domain.InvalidMessageException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The operator's bans ({@code /api/moderation/bans}), behind the operator credential (401 before a body is read).
 * The hide/restore endpoints live on {@code /api/comments/{id}} ({@link CommentsResource}), next to the message
 * they act on; the audit log is {@link AuditResource}.
 */
@Path("moderation")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = ChorusApi.BEARER)
@Tag(name = "moderation", description = "Operator: hiding messages, bans of an address or a username, the audit log")
public class ModerationResource {
    @Inject
    Moderation moderation;

    @Inject
    CallerResolver callers;

    @POST
    @Path("bans")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ban an address or a username",
            description = "Body {\"address\" | \"username\", \"minutes\" (1-525600), \"reason\"}. Until it ends, POSTs "
                    + "from that client address (X-Forwarded-For believed only from configured proxies, as for the "
                    + "rate limit) or under that username (compared as uss compares names) answer 403 with the reason "
                    + "and the time left, on every member, across restarts.")
    @RequestBody(description = "{\"address\": \"203.0.113.7\", \"minutes\": 60, \"reason\": \"spam\"}", required = true)
    @APIResponse(responseCode = "201", description = "The ban: {id, kind, subject, reason, createdAt, expiresAt, secondsLeft}")
    @APIResponse(responseCode = "400", description = "Not exactly one of address/username, minutes out of range, no reason")
    @APIResponse(responseCode = "401", description = "Without the operator credential")
    @APIResponse(responseCode = "415", description = "Content-Type not application/json")
    @APIResponse(responseCode = "503", description = "Storage refused the ban; nothing stored, try again")
    public Response ban(InputStream body, @Context HttpServletRequest request) {
        var caller = callers.resolve(request);
        moderation.authorize(caller); // 401 before the body is read
        JsonObject json = BoundedJson.readObject(body);
        Ban ban = moderation.ban(string(json, "address"), string(json, "username"), minutes(json),
                string(json, "reason"), caller);
        return Response.status(Response.Status.CREATED).entity(json(ban, System.currentTimeMillis())).build();
    }

    @GET
    @Path("bans")
    @Operation(summary = "The bans in force, newest first")
    @APIResponse(responseCode = "200", description = "{bans: [{id, kind, subject, reason, createdAt, expiresAt, secondsLeft}]}")
    @APIResponse(responseCode = "401", description = "Without the operator credential")
    @APIResponse(responseCode = "503", description = "Storage refused")
    public JsonObject bans(@Context HttpServletRequest request) {
        long now = System.currentTimeMillis();
        JsonArrayBuilder bans = JsonSupport.BUILDERS.createArrayBuilder();
        moderation.bans(callers.resolve(request)).forEach(ban -> bans.add(json(ban, now)));
        return JsonSupport.BUILDERS.createObjectBuilder().add("bans", bans).build();
    }

    @DELETE
    @Path("bans/{id}")
    @Operation(summary = "End a ban now")
    @APIResponse(responseCode = "204", description = "Ended")
    @APIResponse(responseCode = "401", description = "Without the operator credential")
    @APIResponse(responseCode = "404", description = "No ban in force with that id")
    @APIResponse(responseCode = "503", description = "Storage refused; the ban still holds, try again")
    public Response unban(@Parameter(description = "The ban's id") @PathParam("id") String id,
                          @Context HttpServletRequest request) {
        moderation.unban(id, callers.resolve(request));
        return Response.noContent().build();
    }

    static JsonObject json(Ban ban, long now) {
        return JsonSupport.BUILDERS.createObjectBuilder().add("id", ban.id()).add("kind", ban.kind().wireName())
                .add("subject", ban.subject()).add("reason", ban.reason()).add("createdAt", ban.createdAt())
                .add("expiresAt", ban.expiresAt()).add("secondsLeft", ban.secondsLeft(now)).build();
    }

    private static String string(JsonObject json, String field) {
        JsonValue value = json.get(field);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString text)) {
            throw new InvalidMessageException(field, field + " must be a string");
        }
        return text.getString();
    }

    private static Integer minutes(JsonObject json) {
        JsonValue value = json.get("minutes");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw new InvalidMessageException("minutes", "minutes must be an integer from 1 to " + Ban.MAX_MINUTES);
        }
        try {
            return number.bigIntegerValueExact().intValueExact();
        } catch (ArithmeticException e) {
            throw new InvalidMessageException("minutes", "minutes must be an integer from 1 to " + Ban.MAX_MINUTES);
        }
    }
}
