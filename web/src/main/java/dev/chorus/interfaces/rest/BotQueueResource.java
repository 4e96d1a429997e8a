package dev.chorus.interfaces.rest;

import dev.chorus.application.bot.BotOperations;
import dev.chorus.domain.bot.BotTask;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Operator endpoints of the bot, behind the bot credential: {@code GET /api/bot/queue} lists the cluster's
 * pending, processing and failed tasks (age, attempts, lastError, lease remaining); {@code POST
 * /api/bot/requeue/{id}} puts a failed message back to pending with its attempts reset.
 */
@Path("bot")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class BotQueueResource {

    @Inject
    BotOperations operations;

    @Inject
    CallerResolver callers;

    @Context
    HttpServletRequest request;

    @GET
    @Path("queue")
    public JsonObject queue() {
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
        return JsonSupport.BUILDERS.createObjectBuilder().add("depth", tasks.size()).add("pending", pending)
                .add("processing", processing).add("failed", failed).build();
    }

    /** 409 when the message cannot be requeued in its state (ErrorMappers.RequeueRefused). */
    @POST
    @Path("requeue/{id}")
    public Response requeue(@PathParam("id") String id) {
        BotTask task = operations.requeue(id, callers.resolve(request));
        return Response.ok(json(task, System.currentTimeMillis())).build();
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
        }
        if (task.getNextAttemptAt() > now) {
            json.add("nextAttemptInSeconds", (task.getNextAttemptAt() - now + 999) / 1000);
        }
        return json.build();
    }
}
