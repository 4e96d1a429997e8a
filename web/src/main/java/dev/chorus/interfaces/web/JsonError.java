package dev.chorus.interfaces.web;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The error body of docs/api.md, {@code {"error": "...", "field": "..."}}, written straight to a servlet response:
 * for the answers given outside JAX-RS (poll fast path, live push, container error pages, body deadline).
 */
public final class JsonError {
    private static final jakarta.json.JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

    private JsonError() {
    }

    public static String body(String error, String field) {
        JsonObjectBuilder body = BUILDERS.createObjectBuilder().add("error", error);
        if (field != null) {
            body.add("field", field);
        }
        return body.build().toString();
    }

    /** Writes the error unless the response is already committed (then there is nothing left to say). */
    public static void write(HttpServletResponse response, int status, String error, String field) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        byte[] bytes = body(error, field).getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
