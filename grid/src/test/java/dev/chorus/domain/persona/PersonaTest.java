package dev.chorus.domain.persona;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersonaTest {

    private static Persona.Builder minimal() {
        return Persona.builder("e1").username("Echo").color("001002003").model("m");
    }

    @Test
    void defaults() {
        Persona e = minimal().build();
        assertTrue(e.enabled());
        assertEquals("system", e.systemRole());
        assertEquals("", e.systemPrompt());
        assertEquals("", e.userPrompt());
        assertEquals(SamplingParams.DEFAULTS, e.sampling());
        assertEquals(List.of(), e.filterOut());
        assertEquals(List.of(), e.trimAfter());
        assertTrue(e.trimWhitespace());
        assertFalse(e.addNewlineToContext());
        assertFalse(e.addEntityUsername());
        assertNull(e.nom());
        assertEquals(50, e.defaultPriority());
        assertEquals(RateLimits.UNLIMITED, e.rateLimits());
    }

    @Test
    void trimsUsernameAndModel() {
        Persona e = minimal().username("  Echo  ").model("  m  ").build();
        assertEquals("Echo", e.username());
        assertEquals("m", e.model());
    }

    @Test
    void rejectsBadValuesNamingTheField() {
        assertField("id", () -> minimal().id(null).build());
        assertField("id", () -> minimal().id("has space").build());
        assertField("id", () -> minimal().id("-leading").build());
        assertField("id", () -> minimal().id("x".repeat(65)).build());
        assertField("username", () -> minimal().username("   ").build());
        assertField("username", () -> minimal().username("x".repeat(65)).build());
        assertField("color", () -> minimal().color("256000000").build());
        assertField("color", () -> minimal().color("12345678").build());
        assertField("color", () -> minimal().color("rgb(1,2,3)").build());
        assertField("color", () -> minimal().color(null).build());
        assertField("model", () -> minimal().model(" ").build());
        assertField("systemRole", () -> minimal().systemRole("System Role").build());
        assertField("filterOut", () -> minimal().filterOut(List.of("")).build());
        assertField("trimAfter", () -> minimal().trimAfter(List.of("")).build());
        assertField("nom", () -> minimal().nom(-1).build());
        assertField("defaultPriority", () -> minimal().defaultPriority(100).build());
        assertField("defaultPriority", () -> minimal().defaultPriority(-1).build());
    }

    @Test
    void samplingAndRateLimitRanges() {
        assertField("temperature", () -> new SamplingParams(-0.1, null, null, null, null, null));
        assertField("temperature", () -> new SamplingParams(Double.NaN, null, null, null, null, null));
        assertField("maxTokens", () -> new SamplingParams(null, 0, null, null, null, null));
        assertField("topP", () -> new SamplingParams(null, null, 1.5, null, null, null));
        assertField("topK", () -> new SamplingParams(null, null, null, -1, null, null));
        assertField("repeatPenalty", () -> new SamplingParams(null, null, null, null, 0.0, null));
        assertField("minP", () -> new SamplingParams(null, null, null, null, null, 2.0));
        assertField("rateLimits.minSecondsBetweenPosts", () -> new RateLimits(-1, null, null));
        assertField("rateLimits.maxPostsPerMinute", () -> new RateLimits(null, 0, null));
        assertField("rateLimits.maxPostsPerHour", () -> new RateLimits(null, null, 0));
        assertTrue(new RateLimits(0, null, null).isUnlimited());
        assertFalse(new RateLimits(1, null, null).isUnlimited());
    }

    @Test
    void listsAreCopied() {
        List<String> filters = new ArrayList<>(List.of("a"));
        Persona e = minimal().filterOut(filters).build();
        filters.add("b");
        assertEquals(List.of("a"), e.filterOut());
        assertThrows(UnsupportedOperationException.class, () -> e.filterOut().add("c"));
    }

    @Test
    void modelOverride() {
        Persona e = minimal().build();
        assertEquals("m", e.modelFor(null));
        assertEquals("m", e.modelFor("  "));
        assertEquals("other", e.modelFor(" other "));
    }

    @Test
    void boardUsernameLimit() {
        assertTrue(minimal().username("x".repeat(32)).build().fitsBoardUsername());
        assertTrue(minimal().username("EmotionalIntelligence").build().fitsBoardUsername(), "the original's longest");
        assertFalse(minimal().username("x".repeat(33)).build().fitsBoardUsername());
    }

    @Test
    void aPersonaColorFollowsTheBoardsColorRule() {
        assertEquals("255255255", minimal().color(" 255255255 ").build().color());
        assertEquals("000000000", minimal().color("000000000").build().color());
        for (String bad : new String[]{"255255256", "25525525a", "#ff0000", null}) {
            assertField("color", () -> minimal().color(bad).build());
        }
    }

    @Test
    void serializableRoundTripAndEquality() throws Exception {
        Persona e = Personas.sage().nom(12).rateLimits(new RateLimits(5, 10, 300)).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        Object back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = in.readObject();
        }
        assertNotSame(e, back);
        assertEquals(e, back);
        assertEquals(e.hashCode(), back.hashCode());
        assertEquals(e, e.toBuilder().build());
        assertFalse(e.equals(e.toBuilder().enabled(false).build()));
    }

    private static void assertField(String field, org.junit.jupiter.api.function.Executable build) {
        InvalidPersonaException ex = assertThrows(InvalidPersonaException.class, build);
        assertEquals(field, ex.field(), ex.getMessage());
    }
}
