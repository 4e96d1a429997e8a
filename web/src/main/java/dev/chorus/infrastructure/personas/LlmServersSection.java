package dev.chorus.infrastructure.personas;

import dev.chorus.infrastructure.personas.EntitiesLoadProblem.Severity;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The entities file's LLM servers: the original's {@code lmStudioServers[]} ({@code ip}, {@code port} (default
 * 1234), {@code enabled}, {@code name}; each becomes {@code http://ip:port/v1}) and Chorus's {@code llmServers[]}
 * (base-URL strings, or objects with {@code url}, {@code name}, {@code enabled}). A bad entry is a warning and
 * ignored; a URL listed twice counts once.
 */
final class LlmServersSection {
    private static final int DEFAULT_LM_STUDIO_PORT = 1234;

    private LlmServersSection() {
    }

    /** The enabled servers of {@code top}, in file order. */
    static List<LlmServerRef> read(JsonObject top, List<EntitiesLoadProblem> problems) {
        List<LlmServerRef> servers = new ArrayList<>();
        JsonValue lm = top.get("lmStudioServers");
        if (lm != null && lm.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArray arr = lm.asJsonArray();
            for (int i = 0; i < arr.size(); i++) {
                String location = "lmStudioServers[" + i + "]";
                if (arr.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                    problems.add(new EntitiesLoadProblem(Severity.WARNING, location, null, "not an object; ignored"));
                    continue;
                }
                JsonFields s = new JsonFields(arr.get(i).asJsonObject(), location, null, problems);
                boolean enabled = s.bool("enabled", true);
                String ip = s.string("ip", "host");
                Integer port = s.integer("port");
                String name = s.string("name");
                String url = s.string("url", "baseUrl");
                s.downgradeErrorsToWarnings();
                if (!enabled) {
                    continue;
                }
                URI uri = url != null ? baseUrl(url) : ip == null ? null
                        : baseUrl(hostPort(ip, port == null ? DEFAULT_LM_STUDIO_PORT : port) + "/v1");
                if (uri == null) {
                    problems.add(new EntitiesLoadProblem(Severity.WARNING, location, null,
                            "needs ip (and port) or url; ignored"));
                } else {
                    addServer(servers, new LlmServerRef(name, uri));
                }
            }
        } else if (lm != null && lm.getValueType() != JsonValue.ValueType.NULL) {
            problems.add(new EntitiesLoadProblem(Severity.WARNING, "lmStudioServers", null, "not an array; ignored"));
        }
        JsonValue ls = top.get("llmServers");
        if (ls != null && ls.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArray arr = ls.asJsonArray();
            for (int i = 0; i < arr.size(); i++) {
                String location = "llmServers[" + i + "]";
                JsonValue v = arr.get(i);
                String url = null;
                String name = null;
                boolean enabled = true;
                if (v instanceof JsonString s) {
                    url = s.getString();
                } else if (v.getValueType() == JsonValue.ValueType.OBJECT) {
                    JsonFields s = new JsonFields(v.asJsonObject(), location, null, problems);
                    url = s.string("url", "baseUrl");
                    name = s.string("name");
                    enabled = s.bool("enabled", true);
                    s.downgradeErrorsToWarnings();
                }
                if (!enabled) {
                    continue;
                }
                URI uri = url == null ? null : baseUrl(url);
                if (uri == null) {
                    problems.add(new EntitiesLoadProblem(Severity.WARNING, location, null,
                            "not an http(s) base URL; ignored"));
                } else {
                    addServer(servers, new LlmServerRef(name, uri));
                }
            }
        } else if (ls != null && ls.getValueType() != JsonValue.ValueType.NULL) {
            problems.add(new EntitiesLoadProblem(Severity.WARNING, "llmServers", null, "not an array; ignored"));
        }
        return servers;
    }

    private static void addServer(List<LlmServerRef> servers, LlmServerRef ref) {
        if (servers.stream().noneMatch(s -> s.baseUrl().equals(ref.baseUrl()))) {
            servers.add(ref);
        }
    }

    private static String hostPort(String ip, int port) {
        String host = ip.trim();
        if (host.startsWith("http://") || host.startsWith("https://")) {
            return host.replaceAll("/+$", "");
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port;
    }

    /** An http(s) URL without trailing slashes, or {@code null}. */
    static URI baseUrl(String text) {
        String t = text.trim().replaceAll("/+$", "");
        try {
            URI uri = new URI(t);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return null;
            }
            if (uri.getPort() > 65535) {
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
