package dev.chorus.domain.persona;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PromptBuilderTest {

    @Test
    void systemThenUserWithContextTriggerAndCue() {
        Persona sage = Personas.sage().build();
        Prompt p = PromptBuilder.build(sage, List.of("alice: hi all", "Sage: hello alice"), "bob", "  what is a pulsar?  ", null);

        assertEquals("qwen2.5-7b-instruct", p.model());
        assertEquals(sage.sampling(), p.sampling());
        assertEquals(List.of(
                new ChatMessage("system", "You are Sage."),
                new ChatMessage("user", "Answer the last message.\n\n"
                        + "Context:\n"
                        + "alice: hi all\n"
                        + "Sage: hello alice\n"
                        + "bob: what is a pulsar?\n"
                        + "Sage: ")), p.messages());
    }

    @Test
    void emptyContextMeansNoHistory() {
        Prompt p = PromptBuilder.build(Personas.sage().build(), List.of(), "bob", "hi", null);
        assertEquals("Answer the last message.\n\nContext:\nbob: hi\nSage: ", p.messages().get(1).content());
        Prompt q = PromptBuilder.build(Personas.sage().build(), null, "bob", "hi", null);
        assertEquals(p, q);
    }

    @Test
    void contextLinesAreUsedExactly() {
        List<String> context = List.of("  spaced: keeps its spaces  ", "no colon at all", "Sage: [SKIP] is just text here");
        Prompt p = PromptBuilder.build(Personas.sage().build(), context, "bob", "ok", null);
        assertEquals("Answer the last message.\n\nContext:\n"
                + "  spaced: keeps its spaces  \nno colon at all\nSage: [SKIP] is just text here\nbob: ok\nSage: ",
                p.messages().get(1).content());
    }

    @Test
    void cueWithoutNewlineIsSeparatedBySpace() {
        Persona e = Personas.sage().addNewlineToContext(false).build();
        assertEquals("bob: hi Sage: ", PromptBuilder.transcript(e, List.of(), "bob: hi"));
    }

    @Test
    void noCues() {
        Persona e = Personas.sage().addNewlineToContext(false).addEntityUsername(false).build();
        assertEquals("a: 1\nbob: hi", PromptBuilder.transcript(e, List.of("a: 1"), "bob: hi"));
    }

    @Test
    void newlineWithoutUsernameCue() {
        Persona e = Personas.sage().addEntityUsername(false).build();
        assertEquals("bob: hi\n", PromptBuilder.transcript(e, List.of(), "bob: hi"));
    }

    @Test
    void userRoleMergesIntoOneMessageLikeTheOriginal() {
        Persona e = Personas.sage().systemRole("user").build();
        Prompt p = PromptBuilder.build(e, List.of(), "bob", "hi", null);
        assertEquals(List.of(new ChatMessage("user",
                "You are Sage.\n\nAnswer the last message.\n\nContext:\nbob: hi\nSage: ")), p.messages());
    }

    @Test
    void otherSystemRoleIsKept() {
        Persona e = Personas.sage().systemRole("developer").build();
        assertEquals("developer", PromptBuilder.build(e, List.of(), "bob", "hi", null).messages().get(0).role());
    }

    @Test
    void blankPromptsAreLeftOut() {
        Persona e = Personas.sage().systemPrompt("  \n ").userPrompt("").build();
        Prompt p = PromptBuilder.build(e, List.of(), "bob", "hi", null);
        assertEquals(List.of(new ChatMessage("user", "Context:\nbob: hi\nSage: ")), p.messages());
    }

    @Test
    void promptsAreStripped() {
        Persona e = Personas.sage().systemPrompt("You are Sage.\n\n").userPrompt("Go on.\n\n").build();
        Prompt p = PromptBuilder.build(e, List.of(), "bob", "hi", null);
        assertEquals("You are Sage.", p.messages().get(0).content());
        assertEquals("Go on.\n\nContext:\nbob: hi\nSage: ", p.messages().get(1).content());
    }

    @Test
    void modelOverride() {
        Prompt p = PromptBuilder.build(Personas.sage().build(), List.of(), "bob", "hi", "llama-3.2-3b-instruct");
        assertEquals("llama-3.2-3b-instruct", p.model());
    }

    @Test
    void anonymousTrigger() {
        assertEquals("anonymous: hi", PromptBuilder.triggerLine(null, "hi"));
        assertEquals("anonymous: hi", PromptBuilder.triggerLine("  ", " hi "));
        assertThrows(IllegalArgumentException.class, () -> PromptBuilder.triggerLine("bob", " "));
    }

    @Test
    void contextLimitKeepsNewestLines() {
        Persona e = Personas.sage().addEntityUsername(false).addNewlineToContext(false).build();
        Prompt p = PromptBuilder.build(e, List.of("a: 1", "b: 2", "c: 3"), "bob", "hi", null, 2);
        assertEquals("Answer the last message.\n\nContext:\nb: 2\nc: 3\nbob: hi", p.messages().get(1).content());
        Prompt none = PromptBuilder.build(e, List.of("a: 1"), "bob", "hi", null, 0);
        assertEquals("Answer the last message.\n\nContext:\nbob: hi", none.messages().get(1).content());
    }

    @Test
    void triggerAlreadyLastInContextIsNotRepeated() {
        Persona e = Personas.sage().addEntityUsername(false).addNewlineToContext(false).build();
        assertEquals("a: 1\nbob: hi", PromptBuilder.transcript(e, List.of("a: 1", "bob: hi"), "bob: hi"));
    }
}
