package dev.chorus.interfaces.rest;

import dev.chorus.application.moderation.AuditEntry;
import dev.chorus.application.moderation.Moderation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/audit}: what operators did, newest first, behind the operator credential. */
@Path("audit")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = ChorusApi.BEARER)
@Tag(name = "moderation")
public class AuditResource {
    static final int DEFAULT_LIMIT = 50;

    @Inject
    Moderation moderation;

    @Inject
    CallerResolver callers;

    @GET
    @Operation(summary = "What operators did, newest first",
            description = "Each entry: seq, at (ms), actor (the credential: operator or bot), action (hide, restore, "
                    + "ban, unban, requeue, ...), target (message or ban id), detail.")
    @APIResponse(responseCode = "200", description = "{entries: [...]}")
    @APIResponse(responseCode = "400", description = "limit not a positive integer")
    @APIResponse(responseCode = "401", description = "Without the operator credential")
    @APIResponse(responseCode = "503", description = "Storage refused")
    public JsonObject audit(@Parameter(description = "Entries, default 50, larger than 1000 is clamped")
                            @QueryParam("limit") String limit, @Context HttpServletRequest request) {
        var caller = callers.resolve(request);
        moderation.authorize(caller); // 401 before the parameters are looked at
        int max = Queries.limit(limit, DEFAULT_LIMIT, CommentsResource.MAX_LIMIT);
        JsonArrayBuilder entries = JsonSupport.BUILDERS.createArrayBuilder();
        for (AuditEntry entry : moderation.audit(max, caller)) {
            JsonObjectBuilder json = JsonSupport.BUILDERS.createObjectBuilder().add("seq", entry.seq())
                    .add("at", entry.at()).add("actor", entry.actor()).add("action", entry.action());
            if (entry.target() != null) {
                json.add("target", entry.target());
            }
            if (entry.detail() != null) {
                json.add("detail", entry.detail());
            }
            entries.add(json);
        }
        return JsonSupport.BUILDERS.createObjectBuilder().add("entries", entries).build();
    }
}
