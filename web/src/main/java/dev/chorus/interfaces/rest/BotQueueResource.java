package dev.chorus.interfaces.rest;

import dev.chorus.application.bot.BotOperations;
import dev.chorus.application.bot.LlmServers;
import dev.chorus.application.bot.PersonaStatus;
import dev.chorus.domain.InvalidMessageException;
import dev.chorus.domain.bot.BotTask;
import dev.chorus.domain.persona.Persona;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Operator endpoints of the bot, behind the operator or the bot credential: {@code GET /api/bot/queue} lists the
 * cluster's pending, processing and failed tasks (age, attempts, lastError, lease remaining, holding member) and
 * whether dispatch is paused; {@code POST /api/bot/requeue/{id}} puts a failed message back to pending with its
 * attempts reset; {@code cancel/{id}} fails a pending task ("cancelled by operator"); {@code priority/{id}} sets a
 * queued task's priority; {@code pause} and {@code resume} stop and restart dispatch on every member.
 */
@Path("bot")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "bot", description = "Operator: the bot queue, dispatch, personas and LLM servers")
@SecurityRequirement(name = ChorusApi.BEARER)
public class BotQueueResource {
    /** The reply-latency chart's points at most: the newest replies of the hour (a chart, not a report). */
    static final int REPLY_LATENCY_POINTS = 2_000;
    // One instance with the request as a method parameter, like CommentsResource: a body-carrying request may be
    // answered on the container's async thread (BodyDeadlineFilter), where no request scope is active.

    @Inject
    BotOperations operations;

    @Inject
    CallerResolver callers;

    @GET
    @Path("queue")
    @Operation(summary = "The bot queue: pending, processing and failed tasks, and whether dispatch is paused")
    @APIResponse(responseCode = "200", description = "{paused, depth, pending: [...], processing: [...], failed: [...]};"
            + " each task: id, entity, priority, status, ageSeconds, attempts, lastError, leaseRemainingSeconds, holder,"
            + " nextAttemptInSeconds")
    @APIResponse(responseCode = "503", description = "Storage refused")
    @APIResponse(responseCode = "401", description = "Without the operator (or the bot) credential")
    public JsonObject queue(@Context HttpServletRequest request) {
        List<BotTask> tasks = operations.tasks(callers.resolve(request));
        long now = System.currentTimeMillis();
        JsonArrayBuilder pending = JsonSupport.BUILDERS.createArrayBuilder();
        JsonArrayBuilder processing = JsonSupport.BUILDERS.createArrayBuilder();
        JsonArrayBuilder failed = JsonSupport.BUILDERS.createArrayBuilder();
        for (BotTask task : tasks) {
            JsonObject json = json(task, now);
            switch (task.getStatus()) {
                case PENDING -> pending.add(json);
                case PROCESSING -> processing.add(json);
                case FAILED -> failed.add(json);
                default -> { } // completed tasks leave the queue at once
            }
        }
        return JsonSupport.BUILDERS.createObjectBuilder().add("paused", operations.paused())
                .add("depth", tasks.size()).add("pending", pending)
                .add("processing", processing).add("failed", failed).build();
    }

    /** 409 when the message cannot be requeued in its state (ErrorMappers.RequeueRefused). */
    @POST
    @Path("requeue/{id}")
    @Operation(summary = "Put a failed (or stuck) task back to pending, attempts reset")
    @APIResponse(responseCode = "200", description = "The task")
    @APIResponse(responseCode = "404", description = "No such message")
    @APIResponse(responseCode = "409", description = "Not failed, or no enabled persona on this member for it")
    @APIResponse(responseCode = "503", description = "Storage refused")
    @APIResponse(responseCode = "401", description = "Without the operator (or the bot) credential")
    public Response requeue(@Parameter(description = "The message id") @PathParam("id") String id,
                            @Context HttpServletRequest request) {
        BotTask task = operations.requeue(id, callers.resolve(request));
        return Response.ok(json(task, System.currentTimeMillis())).build();
    }

    @POST
    @Path("cancel/{id}")
    @Operation(summary = "Cancel a queued task: failed with lastError \"cancelled by operator\"")
    @APIResponse(responseCode = "200", description = "The task")
    @APIResponse(responseCode = "409", description = "No queued task for that message, or one not pending"
            + " (a task being answered is not cancelled: its reply may be on its way)")
    @APIResponse(responseCode = "503", description = "Storage refused")
    @APIResponse(responseCode = "401", description = "Without the operator credential (the bot credential is refused)")
    public Response cancel(@Parameter(description = "The message id") @PathParam("id") String id,
                           @Context HttpServletRequest request) {
        return Response.ok(json(operations.cancel(id, callers.resolve(request)), System.currentTimeMillis())).build();
    }

    /** Body {@code {"priority": 0-99}}; 401 before the body is read. */
    @POST
    @Path("priority/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a queued task's priority",
            description = "Body {\"priority\": 0-99}")
    @APIResponse(responseCode = "200", description = "The task")
    @APIResponse(responseCode = "400",
            description = "priority not an integer from 0 to 99; the JSON error names the field")
    @APIResponse(responseCode = "409", description = "No queued task for that message")
    @APIResponse(responseCode = "415", description = "Body not JSON")
    @APIResponse(responseCode = "503", description = "Storage refused")
    @APIResponse(responseCode = "401", description = "Without the operator credential (the bot credential is refused)")
    public Response priority(@Parameter(description = "The message id") @PathParam("id") String id, InputStream body,
                             @Context HttpServletRequest request) {
        var caller = callers.resolve(request);
        operations.authorize(caller); // 401 before the body is read
        JsonValue priority = BoundedJson.readObject(body).get("priority");
        if (!(priority instanceof JsonNumber number) || !number.isIntegral()
                || number.bigIntegerValue().bitLength() > 31) {
            throw new InvalidMessageException("priority", "priority must be an integer from 0 to 99");
        }
        return Response.ok(json(operations.setPriority(id, number.intValue(), caller), System.currentTimeMillis()))
                .build();
    }

    @POST
    @Path("pause")
    @Operation(summary = "Pause dispatch on every member (kept across restarts)")
    @APIResponse(responseCode = "200", description = "{paused: true}")
    @APIResponse(responseCode = "503", description = "Storage refused")
    @APIResponse(responseCode = "401", description = "Without the operator credential (the bot credential is refused)")
    public JsonObject pause(@Context HttpServletRequest request) {
        operations.setPaused(true, callers.resolve(request));
        return JsonSupport.BUILDERS.createObjectBuilder().add("paused", true).build();
    }

    @POST
    @Path("resume")
    @Operation(summary = "Resume dispatch on every member")
    @APIResponse(responseCode = "200", description = "{paused: false}")
    @APIResponse(responseCode = "503", description = "Storage refused")
    @APIResponse(responseCode = "401", description = "Without the operator credential (the bot credential is refused)")
    public JsonObject resume(@Context HttpServletRequest request) {
        operations.setPaused(false, callers.resolve(request));
        return JsonSupport.BUILDERS.createObjectBuilder().add("paused", false).build();
    }

    /**
     * The personas as the bot sees them: id, username, enabled (the operator's switch applied), replies and
     * failures of the last hour, and the rate limit's wait.
     */
    @GET
    @Path("personas")
    @Operation(summary = "The personas: enabled, replies and failures of the last hour, rate limit, reply latency")
    @APIResponse(responseCode = "200", description = "{personas: [{id, username, enabled, repliesLastHour,"
            + " failuresLastHour, rateLimited, rateLimitWaitSeconds}], replyLatency: [[postedAt, millis], ...]}")
    @APIResponse(responseCode = "503", description = "Storage refused")
    @APIResponse(responseCode = "401", description = "Without the operator credential (the bot credential is refused)")
    public JsonObject personas(@Context HttpServletRequest request) {
        JsonArrayBuilder list = JsonSupport.BUILDERS.createArrayBuilder();
        for (PersonaStatus status : operations.personas(callers.resolve(request))) {
            long wait = status.rateLimitWait().toMillis();
            list.add(JsonSupport.BUILDERS.createObjectBuilder(persona(status.persona()))
                    .add("repliesLastHour", status.lastHour().replies())
                    .add("failuresLastHour", status.lastHour().failures())
                    .add("rateLimited", wait > 0).add("rateLimitWaitSeconds", (wait + 999) / 1000));
        }
        JsonArrayBuilder latency = JsonSupport.BUILDERS.createArrayBuilder();
        operations.replyLatencies(REPLY_LATENCY_POINTS, callers.resolve(request)).forEach(r -> latency.add(
                JsonSupport.BUILDERS.createArrayBuilder().add(r.postedAt()).add(r.millis())));
        return JsonSupport.BUILDERS.createObjectBuilder().add("personas", list).add("replyLatency", latency).build();
    }

    @POST
    @Path("personas/{id}/enable")
    @Operation(summary = "Turn a persona on, on every member, without editing the entities file")
    @APIResponse(responseCode = "200", description = "{id, username, enabled}")
    @APIResponse(responseCode = "409", description = "No such persona in the entities file")
    @APIResponse(responseCode = "503", description = "Storage refused")
    @APIResponse(responseCode = "401", description = "Without the operator credential (the bot credential is refused)")
    public JsonObject enable(@Parameter(description = "The persona id") @PathParam("id") String id,
                             @Context HttpServletRequest request) {
        return persona(operations.setPersonaEnabled(id, true, callers.resolve(request)));
    }

    @POST
    @Path("personas/{id}/disable")
    @Operation(summary = "Turn a persona off, on every member, without editing the entities file")
    @APIResponse(responseCode = "200", description = "{id, username, enabled}")
    @APIResponse(responseCode = "409", description = "No such persona in the entities file")
    @APIResponse(responseCode = "503", description = "Storage refused")
    @APIResponse(responseCode = "401", description = "Without the operator credential (the bot credential is refused)")
    public JsonObject disable(@Parameter(description = "The persona id") @PathParam("id") String id,
                              @Context HttpServletRequest request) {
        return persona(operations.setPersonaEnabled(id, false, callers.resolve(request)));
    }

    /**
     * This member's LLM servers (url, up, loadedModels, busy, slots, breaker, p50/p99 call latency in ms over the
     * last hour, lastError) and its successful calls of the last hour ({@code calls: [[at, millis], ...]}).
     */
    @GET
    @Path("llm")
    @Operation(summary = "This member's LLM servers and its LLM calls of the last hour")
    @APIResponse(responseCode = "200", description = "{servers: [{url, up, loadedModels, busy, slots, breaker,"
            + " p50Millis, p99Millis, lastError}], calls: [[at, millis], ...]}")
    @APIResponse(responseCode = "401", description = "Without the operator credential (the bot credential is refused)")
    public JsonObject llm(@Context HttpServletRequest request) {
        LlmServers llm = operations.llmServers(callers.resolve(request));
        JsonArrayBuilder servers = JsonSupport.BUILDERS.createArrayBuilder();
        for (LlmServers.Server s : llm.servers()) {
            JsonObjectBuilder json = JsonSupport.BUILDERS.createObjectBuilder().add("url", s.url()).add("up", s.up())
                    .add("loadedModels", JsonSupport.BUILDERS.createArrayBuilder(List.copyOf(s.loadedModels())))
                    .add("busy", s.busy()).add("slots", s.slots()).add("breaker", s.breaker())
                    .add("p50Millis", s.p50Millis()).add("p99Millis", s.p99Millis());
            if (s.lastError() != null) {
                json.add("lastError", s.lastError());
            }
            servers.add(json);
        }
        JsonArrayBuilder calls = JsonSupport.BUILDERS.createArrayBuilder();
        llm.lastHour().forEach(c -> calls.add(JsonSupport.BUILDERS.createArrayBuilder().add(c.at()).add(c.millis())));
        return JsonSupport.BUILDERS.createObjectBuilder().add("servers", servers).add("calls", calls).build();
    }

    private static JsonObject persona(Persona persona) {
        return JsonSupport.BUILDERS.createObjectBuilder().add("id", persona.id()).add("username", persona.username())
                .add("enabled", persona.enabled()).build();
    }

    static JsonObject json(BotTask task, long now) {
        JsonObjectBuilder json = JsonSupport.BUILDERS.createObjectBuilder()
                .add("id", task.getMessageId())
                .add("entity", task.getPersona())
                .add("priority", task.getPriority())
                .add("status", task.getStatusName())
                .add("ageSeconds", Math.max(0, (now - task.getCreatedAt()) / 1000))
                .add("attempts", task.getAttempts());
        if (task.getLastError() != null) {
            json.add("lastError", task.getLastError());
        }
        if (task.getStatus() == dev.chorus.domain.BotStatus.PROCESSING) {
            json.add("leaseRemainingSeconds", Math.max(0, (task.getLeaseUntil() - now) / 1000));
            if (task.getHolder() != null) { // "<member id>/<claim id>": the member is what an operator asks for
                json.add("holder", task.getHolder().split("/", 2)[0]);
            }
        }
        if (task.getNextAttemptAt() > now) {
            json.add("nextAttemptInSeconds", (task.getNextAttemptAt() - now + 999) / 1000);
        }
        return json.build();
    }
}
