package dev.chorus.interfaces.rest;

import dev.chorus.application.ClusterConsole;
import dev.chorus.application.ClusterStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/cluster}: every member of the cluster, for the operator's console (operator credential). */
@Path("cluster")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "bot")
@SecurityRequirement(name = ChorusApi.BEARER)
public class ClusterResource {

    @Inject
    ClusterConsole console;

    @Inject
    CallerResolver callers;

    @GET
    @Operation(summary = "Every member: serving, writes accepted or refused and why, merges",
            description = "Each member publishes its state every 2 s; one that has not for 6 s is not serving. A "
                    + "member this one no longer sees (a split) is listed with seen: false while its last state lasts.")
    @APIResponse(responseCode = "200", description = "{members: [{id, address, local, seen, serving, writes, reason, "
            + "clusterSize, merges, windowTakeOvers, lastPublishedSecondsAgo}]}")
    @APIResponse(responseCode = "401", description = "Without the operator credential")
    public JsonObject cluster(@Context HttpServletRequest request) {
        long now = System.currentTimeMillis();
        JsonArrayBuilder members = JsonSupport.BUILDERS.createArrayBuilder();
        for (ClusterStatus.Member m : console.members(callers.resolve(request))) {
            JsonObjectBuilder json = JsonSupport.BUILDERS.createObjectBuilder().add("id", m.id())
                    .add("address", m.address()).add("local", m.local()).add("seen", m.seen())
                    .add("serving", m.serving()).add("writes", m.writes()).add("clusterSize", m.clusterSize())
                    .add("merges", m.merges()).add("windowTakeOvers", m.windowTakeOvers());
            if (m.reason() != null) {
                json.add("reason", m.reason());
            }
            if (m.publishedAt() > 0) {
                json.add("lastPublishedSecondsAgo", Math.max(0, (now - m.publishedAt()) / 1000));
            }
            members.add(json);
        }
        return JsonSupport.BUILDERS.createObjectBuilder().add("members", members).build();
    }
}
