package dev.chorus.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** The REST API lives under /api, as the original worker's did; its OpenAPI document is served at /openapi. */
@ApplicationPath("/api")
@OpenAPIDefinition(info = @Info(title = "Chorus board API", version = "1.0",
        description = "Wire-compatible with the original Say What Want comments worker; see docs/api.md"))
public class ChorusApi extends Application {

    /** No WADL: {@code /api/application.wadl} would list every route and the Jersey version to anyone. */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
