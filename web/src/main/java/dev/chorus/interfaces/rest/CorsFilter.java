package dev.chorus.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * CORS for the JAX-RS resources: preflights are answered here (204), and every response names the allowed
 * origin. Allowed origins come from configuration ({@code chorus.cors.allowed-origins}, default {@code *}).
 */
@Provider
@PreMatching
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    @Inject
    CorsPolicy cors;

    @Override
    public void filter(ContainerRequestContext request) {
        if (HttpMethod.OPTIONS.equals(request.getMethod())) {
            request.abortWith(Response.noContent()
                    .header("Access-Control-Allow-Methods", CorsPolicy.ALLOW_METHODS)
                    .header("Access-Control-Allow-Headers", CorsPolicy.ALLOW_HEADERS)
                    .header("Access-Control-Max-Age", "600")
                    .header("Allow", CorsPolicy.ALLOW_METHODS)
                    .build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        cors.addHeaders(request.getHeaderString("Origin"), response.getHeaders()::putSingle);
    }
}
