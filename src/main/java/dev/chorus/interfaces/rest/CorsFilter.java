package dev.chorus.interfaces.rest;

import dev.chorus.infrastructure.config.BoardSettings;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * CORS: preflights are answered here (204), and every response names the allowed origin. Allowed origins come
 * from configuration ({@code chorus.cors.allowed-origins}, default {@code *}).
 */
@Provider
@PreMatching
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String ALLOW_METHODS = "GET, POST, PATCH, OPTIONS";
    private static final String ALLOW_HEADERS = "Content-Type, Authorization, Last-Event-ID, message-type";
    private static final String EXPOSE_HEADERS = "X-Chorus-Duplicate, Retry-After";

    @Inject
    BoardSettings settings;

    @Override
    public void filter(ContainerRequestContext request) {
        if (HttpMethod.OPTIONS.equals(request.getMethod())) {
            Response.ResponseBuilder preflight = Response.noContent()
                    .header("Access-Control-Allow-Methods", ALLOW_METHODS)
                    .header("Access-Control-Allow-Headers", ALLOW_HEADERS)
                    .header("Access-Control-Max-Age", "600")
                    .header("Allow", ALLOW_METHODS);
            request.abortWith(preflight.build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String allowed = allowedOrigin(request.getHeaderString("Origin"));
        if (allowed == null) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("Access-Control-Allow-Origin", allowed);
        headers.putSingle("Access-Control-Expose-Headers", EXPOSE_HEADERS);
        if (!"*".equals(allowed)) {
            headers.add("Vary", "Origin");
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
