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
 * entity is read as a stream. One method per path and verb: the application's JAX-RS scan sees this interface too,
 * and two methods for one path with the same media types fail the deployment.
 */
@Path("/")
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
