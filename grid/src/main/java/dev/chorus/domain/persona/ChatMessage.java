package dev.chorus.domain.persona;

import java.io.Serializable;

/** One message of an OpenAI-style chat prompt: a role ({@code system}, {@code user}, ...) and its text. */
public record ChatMessage(String role, String content) implements Serializable {

    public ChatMessage {
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("a chat message needs a role");
        }
        if (content == null) {
            throw new IllegalArgumentException("a chat message needs content");
        }
    }
}
