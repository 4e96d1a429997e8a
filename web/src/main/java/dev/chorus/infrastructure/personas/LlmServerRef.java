package dev.chorus.infrastructure.personas;

import java.net.URI;

/**
 * An LLM server named by the entities file.
 *
 * @param name    display name ({@code name} of an {@code lmStudioServers} entry, else the host and port)
 * @param baseUrl the OpenAI-compatible base URL, e.g. {@code http://10.0.0.5:1234/v1} (no trailing slash)
 */
public record LlmServerRef(String name, URI baseUrl) {

    public LlmServerRef {
        if (baseUrl == null) {
            throw new IllegalArgumentException("baseUrl is required");
        }
        if (name == null || name.isBlank()) {
            name = baseUrl.getAuthority();
        }
    }
}
