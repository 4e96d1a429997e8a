package dev.chorus.infrastructure.llm;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * MicroProfile REST Client interface for LM Studio's own REST API, relative to the server root
 * ({@code http://localhost:1234}). {@code GET /api/v0/models} lists models with {@code state} {@code loaded} or
 * {@code not-loaded}. No {@code @Path} on the interface: see {@link OpenAiCompatibleApi}.
 */
public interface LmStudioApi extends AutoCloseable {

    @GET
    @Path("api/v0/models")
    @Produces(MediaType.APPLICATION_JSON)
    Response models();
}
