package dev.chorus.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The REST API lives under /api, as the original worker's did; its OpenAPI document is served at /openapi. */
@ApplicationPath("/api")
@OpenAPIDefinition(info = @Info(title = "Chorus board API", version = "1.0",
        description = "Wire-compatible with the original Say What Want comments worker; see docs/api.md"))
@SecurityScheme(securitySchemeName = ChorusApi.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "Authorization: Bearer <CHORUS_OPERATOR_TOKEN> (operator endpoints; the bot queue also takes"
                + " <CHORUS_BOT_TOKEN>)")
public class ChorusApi extends Application {
    /** The OpenAPI name of the Bearer credentials, which every operator endpoint requires. */
    public static final String BEARER = "bearer";

    /** No WADL: {@code /api/application.wadl} would list every route and the Jersey version to anyone. */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
