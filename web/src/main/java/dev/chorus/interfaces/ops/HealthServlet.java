package dev.chorus.interfaces.ops;

import dev.chorus.interfaces.web.JsonError;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/**
 * {@code /health}, {@code /health/live}, {@code /health/ready}, {@code /health/started} in the MicroProfile Health
 * JSON shape (200 UP, 503 DOWN), computed from the application's own checks. Anyone gets each check's name and
 * status (and the {@code llm} check's {@code data.state}, UP/DOWN, which the page shows); the checks' other
 * data — server URLs, last errors, database product — only an {@linkplain Operators operator}. The container's
 * own health endpoint is switched off in {@code server-config/preboot.asadmin}, so this is the only one.
 */
@WebServlet(urlPatterns = {"/health", "/health/*"})
public class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    @Inject
    @Any
    transient Instance<HealthCheck> checks;

    @Inject
    transient Operators operators;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        List<HealthCheck> selected = new ArrayList<>();
        for (Instance.Handle<HealthCheck> handle : checks.handles()) {
            var qualifiers = handle.getBean().getQualifiers();
            boolean ready = qualifiers.stream().anyMatch(q -> q instanceof Readiness);
            boolean live = qualifiers.stream().anyMatch(q -> q instanceof Liveness);
            boolean started = qualifiers.stream().anyMatch(q -> q instanceof Startup);
            boolean wanted = switch (path) {
                case "", "/" -> ready || live || started;
                case "/ready" -> ready;
                case "/live" -> live;
                case "/started" -> started;
                default -> false;
            };
            if (wanted) {
                selected.add(handle.get());
            }
        }
        if (!List.of("", "/", "/ready", "/live", "/started").contains(path)) {
            JsonError.write(response, 404, "Not found: the health endpoints are /health/live, /health/ready and /health/started", null);
            return;
        }
        boolean details = operators.isOperator(request);
        boolean up = true;
        JsonArrayBuilder list = JSON.createArrayBuilder();
        for (HealthCheck check : selected) {
            HealthCheckResponse result = call(check);
            up &= result.getStatus() == HealthCheckResponse.Status.UP;
            JsonObjectBuilder item = JSON.createObjectBuilder().add("name", result.getName())
                    .add("status", result.getStatus().name());
            result.getData().ifPresent(data -> {
                JsonObjectBuilder shown = JSON.createObjectBuilder();
                data.forEach((key, value) -> {
                    if (details || ("llm".equals(result.getName()) && "state".equals(key))) {
                        if (value instanceof Number n) {
                            shown.add(key, n.longValue());
                        } else if (value instanceof Boolean b) {
                            shown.add(key, b);
                        } else {
                            shown.add(key, String.valueOf(value));
                        }
                    }
                });
                var built = shown.build();
                if (!built.isEmpty()) {
                    item.add("data", built);
                }
            });
            list.add(item);
        }
        write(response, up, list);
    }

    private static HealthCheckResponse call(HealthCheck check) {
        try {
            return check.call();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named(check.getClass().getSimpleName()).down().build();
        }
    }

    private static void write(HttpServletResponse response, boolean up, JsonArrayBuilder list) throws IOException {
        byte[] body = JSON.createObjectBuilder().add("status", up ? "UP" : "DOWN").add("checks", list).build()
                .toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(up ? 200 : 503);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
