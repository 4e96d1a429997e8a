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
 * {@link Response}s, so the status and body can be classified whatever they are.
 */
@Path("/")
public interface OpenAiCompatibleApi extends AutoCloseable {

    @POST
    @Path("chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response chatCompletions(String requestJson);

    /** The same call asking for a streamed answer (the body says {@code "stream": true}); JSON is still accepted. */
    @POST
    @Path("chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.SERVER_SENT_EVENTS, MediaType.APPLICATION_JSON})
    Response streamChatCompletions(String requestJson);

    @GET
    @Path("models")
    @Produces(MediaType.APPLICATION_JSON)
    Response models();
}
