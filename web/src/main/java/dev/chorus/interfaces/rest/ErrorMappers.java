package dev.chorus.interfaces.rest;

import dev.chorus.application.AccessDeniedException;
import dev.chorus.application.MessageHiddenException;
import dev.chorus.application.MessageNotFoundException;
import dev.chorus.application.RateLimitedException;
import dev.chorus.application.bot.RequeueRefusedException;
import dev.chorus.domain.InvalidMessageException;
import dev.chorus.domain.StorageUnavailableException;
import dev.chorus.domain.WritesRefusedException;
import dev.chorus.interfaces.web.OncePerMinute;
import jakarta.ws.rs.WebApplicationException;
import dev.chorus.application.moderation.BanNotFoundException;
import dev.chorus.application.moderation.BannedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Maps every failure to the JSON error body and status code of docs/api.md. */
public final class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {
    }

    @Provider
    public static class Invalid implements ExceptionMapper<InvalidMessageException> {
        @Override
        public Response toResponse(InvalidMessageException e) {
            OncePerMinute.log("400 " + e.field(), e.getMessage());
            return ErrorBody.response(400, e.getMessage(), e.field());
        }
    }

    @Provider
    public static class Denied implements ExceptionMapper<AccessDeniedException> {
        @Override
        public Response toResponse(AccessDeniedException e) {
            return Response.fromResponse(ErrorBody.response(401, e.getMessage(), null))
                    .header("WWW-Authenticate", "Bearer").build();
        }
    }

    @Provider
    public static class NotFound implements ExceptionMapper<MessageNotFoundException> {
        @Override
        public Response toResponse(MessageNotFoundException e) {
            return ErrorBody.response(404, e.getMessage(), "id");
        }
    }

    @Provider
    public static class Limited implements ExceptionMapper<RateLimitedException> {
        @Override
        public Response toResponse(RateLimitedException e) {
            return Response.fromResponse(ErrorBody.response(429, e.getMessage(), null))
                    .header("Retry-After", e.retryAfterSeconds()).build();
        }
    }

    /** A POST from a banned address or username: the reason and the time left, in the body and as Retry-After. */
    @Provider
    public static class Banned implements ExceptionMapper<BannedException> {
        @Override
        public Response toResponse(BannedException e) {
            var body = JsonSupport.BUILDERS.createObjectBuilder(ErrorBody.json(e.getMessage(), null))
                    .add("reason", e.reason()).add("secondsLeft", e.secondsLeft()).build();
            return Response.status(Response.Status.FORBIDDEN).type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE)
                    .entity(body).header("Retry-After", e.secondsLeft()).build();
        }
    }

    /**
     * A POST repeating the id of a hidden message: 410 without its text; {@code X-Chorus-Duplicate} still says that
     * the id is taken and nothing was stored.
     */
    @Provider
    public static class Hidden implements ExceptionMapper<MessageHiddenException> {
        @Override
        public Response toResponse(MessageHiddenException e) {
            return Response.fromResponse(ErrorBody.response(410, e.getMessage(), "id"))
                    .header("X-Chorus-Duplicate", "true").build();
        }
    }

    @Provider
    public static class BanNotFound implements ExceptionMapper<BanNotFoundException> {
        @Override
        public Response toResponse(BanNotFoundException e) {
            return ErrorBody.response(404, e.getMessage(), "id");
        }
    }

    /** An operator's requeue the message's state does not allow (not failed, or no persona here for it). */
    @Provider
    public static class RequeueRefused implements ExceptionMapper<RequeueRefusedException> {
        @Override
        public Response toResponse(RequeueRefusedException e) {
            return ErrorBody.response(409, e.getMessage(), "id");
        }
    }

    /** A member that cannot guarantee a post says why (split, pause, moving writer, time bound), once per event. */
    @Provider
    public static class WritesRefused implements ExceptionMapper<WritesRefusedException> {
        @Override
        public Response toResponse(WritesRefusedException e) {
            LOG.fine(() -> "Write refused: " + e.getMessage()); // state changes are logged where they are decided
            return Response.fromResponse(ErrorBody.response(503, e.getMessage(), null))
                    .header("Retry-After", 2).build();
        }
    }

    @Provider
    public static class Unavailable implements ExceptionMapper<StorageUnavailableException> {
        @Override
        public Response toResponse(StorageUnavailableException e) {
            LOG.log(Level.WARNING, "Storage unavailable", e);
            return Response.fromResponse(ErrorBody.response(503, ErrorBody.STORAGE_UNAVAILABLE, null))
                    .header("Retry-After", 1).build();
        }
    }

    /** Routing and protocol errors raised by JAX-RS itself: 404, 405, 406, 413, 415. */
    @Provider
    public static class Protocol implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            Response.ResponseBuilder response = Response.fromResponse(ErrorBody.response(status, describe(status, e), null));
            if (e.getResponse().getHeaderString("Allow") != null) {
                response.header("Allow", e.getResponse().getHeaderString("Allow"));
            }
            return response.build();
        }

        private static String describe(int status, WebApplicationException e) {
            return switch (status) {
                case 404 -> "Not found";
                case 405 -> "Method not allowed";
                case 406 -> "Only application/json responses are available";
                case 413 -> "Body larger than 64 KiB";
                case 415 -> "Content-Type must be application/json";
                default -> status >= 500 ? "Server error" : e.getResponse().getStatusInfo().getReasonPhrase();
            };
        }
    }

    @Provider
    public static class Unexpected implements ExceptionMapper<RuntimeException> {
        @Override
        public Response toResponse(RuntimeException e) {
            LOG.log(Level.SEVERE, "Unexpected error", e);
            return ErrorBody.response(500, "Internal server error", null);
        }
    }
}
