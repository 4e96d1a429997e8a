package dev.chorus.infrastructure.personas;

import dev.chorus.domain.persona.Persona;
import dev.chorus.domain.persona.PromptBuilder;
import dev.chorus.domain.persona.RateLimits;
import dev.chorus.domain.persona.ReplyShaper;
import dev.chorus.domain.persona.SamplingParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntitiesFileReaderTest {
    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private final EntitiesFileReader reader = new EntitiesFileReader(Clock.fixed(NOW, ZoneOffset.UTC));

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = EntitiesFileReaderTest.class.getResourceAsStream("/entities/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void originalLayoutIsReadUnchanged() throws Exception {
        PersonaCatalogSnapshot c = reader.parse(resource("config-aientities.json"), "config-aientities.json");

        assertFalse(c.hasErrors(), () -> c.problems().toString());
        assertEquals(List.of("stargazing", "sourdough-baking", "tide-pools"),
                c.entities().stream().map(Persona::id).toList());
        assertEquals(List.of("stargazing", "sourdough-baking"), c.enabledPersonas().stream().map(Persona::id).toList());
        assertTrue(c.entity("tide-pools").isPresent());
        assertTrue(c.enabledPersona("tide-pools").isEmpty());
        assertTrue(c.enabledPersona("nobody").isEmpty());
        assertTrue(c.entity(null).isEmpty());

        assertEquals(List.of(new LlmServerRef("Studio A", URI.create("http://10.1.2.3:1234/v1")),
                new LlmServerRef("Studio B", URI.create("http://10.1.2.4:1235/v1"))), c.llmServers());
        assertEquals(OptionalInt.of(4), c.maxRetries());
        assertEquals(64, c.contentHash().length());
        assertEquals(NOW, c.loadedAt());
        assertEquals("config-aientities.json", c.source());

        Persona star = c.entity("stargazing").orElseThrow();
        assertEquals("Stargazer", star.username());
        assertEquals("080215225", star.color());
        assertEquals("stargazing@f16", star.model());
        assertEquals("system", star.systemRole());
        assertEquals("You are an amateur astronomer who loves sharing the night sky. Answer what the person asked in plain words.\n\n",
                star.systemPrompt());
        assertEquals("Continue the conversation from the last thing the human said.\n\n", star.userPrompt());
        assertEquals(List.of("Stargazer:", "Assitant:"), star.filterOut());
        assertEquals(List.of("Human:", "\n"), star.trimAfter());
        assertTrue(star.trimWhitespace());
        assertTrue(star.addNewlineToContext());
        assertTrue(star.addEntityUsername());
        assertEquals(100, star.nom());
        assertEquals(50, star.defaultPriority());
        assertEquals(new SamplingParams(0.7, 100, 0.8, 40, 1.15, 0.5), star.sampling());
        assertEquals(new RateLimits(5, 10, 300), star.rateLimits());

        Persona bread = c.entity("sourdough-baking").orElseThrow();
        assertEquals("sourdough-baking@f16", bread.model(), "disabled default quantization falls back to the first enabled");
        assertEquals(30, bread.defaultPriority());
        assertTrue(bread.fitsBoardUsername(), "21 characters: a persona name the board accepts on replies");

        Persona tide = c.entity("tide-pools").orElseThrow();
        assertEquals("tide-pools@f16", tide.model(), "no modelPath: baseModel@quantization");
        assertEquals(new SamplingParams(0.7, 500, 0.9, 40, null, 0.1), tide.sampling(), "snake_case aliases");
        assertEquals("", tide.userPrompt());
        assertFalse(tide.addEntityUsername());

        List<String> warnings = c.problems().stream().map(EntitiesLoadProblem::toString).toList();
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("entities[1]") && w.contains("sourdough-baking")
                && w.contains("q8_0")), warnings::toString);
        assertTrue(warnings.stream().noneMatch(w -> w.contains("SourdoughBakingHelper")), warnings::toString);
    }

    @Test
    void theOriginals32PersonasAllFitTheBoardIncludingTheEightLongNames() throws Exception {
        PersonaCatalogSnapshot c = reader.parse(resource("original-32-personas.json"), "original-32-personas.json");
        assertEquals(List.of(), c.problems());
        assertEquals(32, c.enabledPersonas().size());
        List<String> longNames = c.entities().stream().map(Persona::username).filter(n -> n.length() > 16).toList();
        assertEquals(List.of("EmotionalIntelligence", "CommunicationSkills", "ConflictManagement", "CareerAdvancement",
                "DystopianSurvival", "FindEnlightenment", "AliceInWonderland", "PrideAndPrejudice"), longNames);
        assertTrue(c.entities().stream().allMatch(Persona::fitsBoardUsername));
    }

    @Test
    void originalEntityWorksEndToEndThroughPromptAndShaper() throws Exception {
        Persona star = reader.parse(resource("config-aientities.json"), "x").entity("stargazing").orElseThrow();
        var prompt = PromptBuilder.build(star, List.of("ann: clear skies tonight"), "bob", "what can I see?", null);
        assertEquals("You are an amateur astronomer who loves sharing the night sky. Answer what the person asked in plain words.",
                prompt.messages().get(0).content());
        assertEquals("Continue the conversation from the last thing the human said.\n\nContext:\n"
                + "ann: clear skies tonight\nbob: what can I see?\nStargazer: ", prompt.messages().get(1).content());
        // trimAfter "\\n" in the file means a real newline: the reply keeps its first line.
        assertEquals("Jupiter, low in the east.",
                ReplyShaper.shape(star, "Stargazer: Jupiter, low in the east.\nHuman: thanks").text());
    }

    @Test
    void chorusFileShippedInServerConfig() throws Exception {
        PersonaCatalogSnapshot c = reader.read(Path.of(System.getProperty("chorus.serverConfig"), "entities.json"));
        assertEquals(List.of(), c.problems());
        assertEquals(3, c.enabledPersonas().size());
        for (Persona e : c.entities()) {
            assertEquals("qwen2.5-7b-instruct", e.model());
            assertTrue(e.fitsBoardUsername(), e.username());
            assertFalse(e.systemPrompt().isBlank());
            assertTrue(e.addEntityUsername());
        }
        assertEquals(List.of(), c.llmServers());
        assertEquals(OptionalInt.of(3), c.maxRetries());
        assertEquals(40, c.entity("librarian").orElseThrow().defaultPriority());
    }

    @Test
    void badEntriesAreReportedAndSkipped() throws Exception {
        PersonaCatalogSnapshot c = reader.parse(resource("broken-entries.json"), "broken");

        assertEquals(List.of("good", "empty-filter"), c.entities().stream().map(Persona::id).toList());
        assertTrue(c.hasErrors());
        String errors = c.problems().stream().filter(EntitiesLoadProblem::isError).map(Object::toString)
                .collect(Collectors.joining("\n"));
        assertTrue(errors.contains("entities[1] (id=bad-color): color"), errors);
        assertTrue(errors.contains("entities[2] (id=no-model): no model"), errors);
        assertTrue(errors.contains("entities[3] (id=good): duplicate id"), errors);
        assertTrue(errors.contains("entities[4]: not an object"), errors);
        assertTrue(errors.contains("entities[5]: id is required"), errors);
        assertTrue(errors.contains("entities[6] (id=bad-temp): temperature must be a number"), errors);
        assertTrue(errors.contains("entities[7] (id=bad-priority): defaultPriority"), errors);
        assertTrue(errors.contains("entities[8] (id=bad-rate): rateLimits.maxPostsPerMinute"), errors);
        assertTrue(errors.contains("entities[9] (id=no-quant): no enabled quantization"), errors);
        assertEquals(9, c.problems().stream().filter(EntitiesLoadProblem::isError).count(), errors);

        Persona lenient = c.entity("empty-filter").orElseThrow();
        assertEquals(List.of("x"), lenient.filterOut());
        assertNull(lenient.nom(), "nom ALL = all lines");
        assertNull(lenient.sampling().maxTokens(), "maxTokens -1 = unset");

        assertTrue(c.maxRetries().isEmpty(), "a bad maxRetries is ignored, not fatal");
        assertEquals(List.of(URI.create("http://127.0.0.1:1234/v1"), URI.create("http://127.0.0.1:9/v1"),
                URI.create("http://127.0.0.1:10/v1")), c.llmServerUrls());
        assertEquals("ten", c.llmServers().get(2).name());
        String warnings = c.problems().stream().filter(p -> !p.isError()).map(Object::toString)
                .collect(Collectors.joining("\n"));
        assertTrue(warnings.contains("queueSettings"), warnings);
        assertTrue(warnings.contains("lmStudioServers[1]"), warnings);
        assertTrue(warnings.contains("lmStudioServers[2]"), warnings);
        assertTrue(warnings.contains("llmServers[1]"), warnings);
        assertTrue(warnings.contains("filterOut has an empty string"), warnings);
    }

    @Test
    void bareArrayAndModelPrecedence() throws Exception {
        String json = """
                [ { "id": "a", "username": "A", "color": "000000000", "model": "direct",
                    "baseModel": "base", "quantizations": { "q4": { "modelPath": "base@q4" } }, "defaultQuantization": "q4" },
                  { "id": "b", "username": "B", "color": "000000000", "baseModel": "base-only" },
                  { "id": "c", "username": "C", "color": "000000000", "baseModel": "base",
                    "quantizations": { "q4": { "modelPath": "base@q4" }, "q8": { "modelPath": "base@q8" } } },
                  { "id": "d", "username": "D", "color": "000000000", "model": "m", "enabled": "false",
                    "temperature": "0.5", "nom": 3, "trimAfter": "END" } ]
                """;
        PersonaCatalogSnapshot c = reader.parse(json, "inline");
        assertEquals("direct", c.entity("a").orElseThrow().model());
        assertEquals("base-only", c.entity("b").orElseThrow().model());
        assertEquals("base@q4", c.entity("c").orElseThrow().model(), "no defaultQuantization: first enabled, warned");
        Persona d = c.entity("d").orElseThrow();
        assertFalse(d.enabled());
        assertEquals(0.5, d.sampling().temperature());
        assertEquals(List.of("END"), d.trimAfter());
        assertFalse(c.hasErrors(), () -> c.problems().toString());
        assertEquals(1, c.problems().size(), () -> c.problems().toString());
    }

    @Test
    void unusableFilesRaise() {
        assertThrows(EntitiesFileException.class, () -> reader.parse("{ not json", "x"));
        assertThrows(EntitiesFileException.class, () -> reader.parse("{\"entities\": {}}", "x"));
        assertThrows(EntitiesFileException.class, () -> reader.parse("{\"lmStudioServers\": []}", "x"));
        assertThrows(EntitiesFileException.class, () -> reader.read(Path.of("does/not/exist.json")));
    }

    @Test
    void readsFromDiskAndHashesContent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("entities.json");
        Files.write(file, resource("config-aientities.json"));
        PersonaCatalogSnapshot a = reader.read(file);
        PersonaCatalogSnapshot b = reader.parse(resource("config-aientities.json"), "other");
        assertEquals(a.contentHash(), b.contentHash());
        Files.writeString(file, "{\"entities\": []}");
        PersonaCatalogSnapshot empty = reader.read(file);
        assertTrue(empty.entities().isEmpty());
        assertFalse(empty.contentHash().equals(a.contentHash()));
        assertEquals(file.toString(), empty.source());
    }

    @Test
    void snapshotIsImmutable() throws Exception {
        // Each member reads the file itself; the snapshot never crosses the grid (GridBoundaryTest).
        PersonaCatalogSnapshot c = reader.parse(resource("config-aientities.json"), "x");
        assertThrows(UnsupportedOperationException.class, () -> c.entitiesById().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.llmServers().clear());
        assertTrue(PersonaCatalogSnapshot.empty().entities().isEmpty());
    }
}
