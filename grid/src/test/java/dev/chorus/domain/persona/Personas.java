package dev.chorus.domain.persona;

import java.util.List;

/** Test entities. */
final class Personas {
    private Personas() {
    }

    static Persona.Builder sage() {
        return Persona.builder("sage")
                .username("Sage")
                .color("080215225")
                .model("qwen2.5-7b-instruct")
                .systemPrompt("You are Sage.")
                .userPrompt("Answer the last message.")
                .sampling(new SamplingParams(0.7, 100, 0.8, 40, 1.15, 0.05))
                .filterOut(List.of("Sage:"))
                .trimAfter(List.of("Human:", "\n"))
                .addNewlineToContext(true)
                .addEntityUsername(true);
    }
}
