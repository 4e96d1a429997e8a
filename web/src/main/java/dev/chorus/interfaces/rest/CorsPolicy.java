package dev.chorus.interfaces.rest;

import dev.chorus.interfaces.HttpSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.BiConsumer;

/** Which origin may read a response, and the CORS headers that say so; shared by every HTTP entry point. */
@ApplicationScoped
public class CorsPolicy {
    static final String ALLOW_METHODS = "GET, POST, PATCH, DELETE, OPTIONS";
    static final String ALLOW_HEADERS = "Content-Type, Authorization, Last-Event-ID, message-type";
    private static final String EXPOSE_HEADERS = "X-Chorus-Duplicate, Retry-After";

    @Inject
    HttpSettings settings;

    /** Adds the response headers for a request from {@code origin} (none when the origin is not allowed). */
    public void addHeaders(String origin, BiConsumer<String, String> header) {
        String allowed = allowedOrigin(origin);
        if (allowed == null) {
            return;
        }
        header.accept("Access-Control-Allow-Origin", allowed);
        header.accept("Access-Control-Expose-Headers", EXPOSE_HEADERS);
        if (!"*".equals(allowed)) {
            header.accept("Vary", "Origin");
        }
    }

    private String allowedOrigin(String origin) {
        List<String> allowed = settings.allowedOrigins();
        if (allowed.contains("*")) {
            return "*";
        }
        return origin != null && allowed.contains(origin) ? origin : null;
    }
}
