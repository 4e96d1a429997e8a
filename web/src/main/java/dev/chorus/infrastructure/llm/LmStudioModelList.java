package dev.chorus.infrastructure.llm;

import jakarta.json.bind.annotation.JsonbProperty;

import java.util.List;

/**
 * Answer of LM Studio's {@code GET /api/v0/models}: each model with its {@code state}, {@code loaded} or
 * {@code not-loaded}. (LM Studio can be set to list only loaded models; both are handled.)
 */
public record LmStudioModelList(List<Model> data) {

    public static final String LOADED = "loaded";

    public LmStudioModelList {
        data = data == null ? List.of() : List.copyOf(data);
    }

    public record Model(String id, String type, String state, String quantization,
                        @JsonbProperty("max_context_length") Integer maxContextLength) {

        /** Whether LM Studio says the model is in memory. */
        public boolean loaded() {
            return LOADED.equalsIgnoreCase(state);
        }
    }

    public List<String> loadedIds() {
        return data.stream().filter(Model::loaded).map(Model::id).toList();
    }

    public List<String> allIds() {
        return data.stream().map(Model::id).toList();
    }
}
