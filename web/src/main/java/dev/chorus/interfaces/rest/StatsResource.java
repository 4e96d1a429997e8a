package dev.chorus.interfaces.rest;

import dev.chorus.application.BoardService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/stats}: totals from the kept counts, O(1). */
@Path("stats")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    @Inject
    BoardService board;

    @GET
    public String stats() {
        long total = board.counts().total();
        return JsonSupport.write(json -> json.writeStartObject().write("totalMessages", total).writeEnd());
    }
}
