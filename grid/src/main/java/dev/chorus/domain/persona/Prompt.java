package dev.chorus.domain.persona;

import java.io.Serializable;
import java.util.List;

/**
 * Everything one completion request needs, independent of the wire format: the model to ask, the chat messages and
 * the persona's sampling parameters.
 */
public record Prompt(String model, List<ChatMessage> messages, SamplingParams sampling) implements Serializable {

    public Prompt {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a prompt needs a model");
        }
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("a prompt needs at least one message");
        }
        messages = List.copyOf(messages);
        sampling = sampling == null ? SamplingParams.DEFAULTS : sampling;
    }
}
