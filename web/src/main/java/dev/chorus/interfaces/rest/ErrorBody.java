package dev.chorus.interfaces.rest;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Every error is JSON: {@code {"error": "...", "field": "..."}}; never a stack trace. */
final class ErrorBody {
    static final String STORAGE_UNAVAILABLE = "Storage is unavailable; try again shortly";

    private ErrorBody() {
    }

    static Response response(int status, String error, String field) {
        Response.StatusType known = Response.Status.fromStatusCode(status);
        Response.ResponseBuilder response = known == null ? Response.status(status) : Response.status(known);
        return response.type(MediaType.APPLICATION_JSON_TYPE).entity(json(error, field)).build();
    }

    static JsonObject json(String error, String field) {
        JsonObjectBuilder body = JsonSupport.BUILDERS.createObjectBuilder().add("error", error);
        if (field != null) {
            body.add("field", field);
        }
        return body.build();
    }
}
