package dev.chorus.interfaces.rest;

import dev.chorus.application.BoardService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/stats}: totals from the kept counts, O(1). */
@Path("stats")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    @Inject
    BoardService board;

    @GET
    public JsonObject stats() {
        return Json.createObjectBuilder().add("totalMessages", board.counts().total()).build();
    }
}
