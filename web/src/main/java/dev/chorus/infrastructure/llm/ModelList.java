package dev.chorus.infrastructure.llm;

import jakarta.json.bind.annotation.JsonbProperty;

import java.util.List;

/** Answer of the OpenAI-compatible {@code GET /models}: the models the server can serve. */
public record ModelList(List<Model> data) {

    public ModelList {
        data = data == null ? List.of() : List.copyOf(data);
    }

    public record Model(String id, @JsonbProperty("owned_by") String ownedBy) {
    }

    public List<String> ids() {
        return data.stream().map(Model::id).toList();
    }
}
