package dev.chorus.infrastructure.llm;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * MicroProfile REST Client interface for the OpenAI-compatible API, relative to a base URL such as
 * {@code http://localhost:1234/v1}. Built per server with {@code RestClientBuilder} (see
 * {@link RestClientLlmTransport}), not injected. Bodies are JSON strings ({@link LlmJson}) and answers raw
 * {@link Response}s, so the status and body can be classified whatever they are. A streamed completion is the same
 * call with {@code "stream": true} in the body (servers decide by the body, not by {@code Accept}); its answer's
 * entity is read as a stream. No {@code @Path} on the interface itself: REST Client does not need one (each method's
 * path is relative to the base URL), and with one the server's own JAX-RS scan took the interface for a resource
 * of this application ({@code /openapi} listed {@code POST /api//chat/completions}).
 */
public interface OpenAiCompatibleApi extends AutoCloseable {

    @POST
    @Path("chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response chatCompletions(String requestJson);

    @GET
    @Path("models")
    @Produces(MediaType.APPLICATION_JSON)
    Response models();
}
