package dev.chorus.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class InputRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"\uD800", "a\uDC00b", "x\uD83D", "\uDE00\uD83D", "a\u0000b", "\u001B[31mred", "bell\u0007",
            "a\u2028b", "a\u2029b", "del\u007F", "c1\u0085", "cr\ronly", "\u000Bvt", "ff\u000C"})
    void textRefusesSurrogatesAndControls(String text) {
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> InputRules.visibleText("text", text));
        assertEquals("text", e.field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00A0", "\u200B\u200C\u200D", "\u2060\uFEFF", " \t\n ", "\u3000\u2007\u202F",
            "\u00AD\u200E\u200F\u202A\u202E", "\u3164\u115F\u1160\uFFA0", "\u2800", "\uFE0F\u034F", "\u180E"})
    void textOfOnlyInvisibleCharactersIsBlank(String text) {
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> InputRules.visibleText("text", text));
        assertEquals("text", e.field());
        assertTrue(e.getMessage().contains("visible"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "line one\nline two", "tab\there", "windows\r\nline", "emoji \uD83D\uDE00",
            "\u200Bzero-width then text", "日本語", "ä ö ü"})
    void ordinaryTextPasses(String text) {
        assertEquals(text, InputRules.visibleText("text", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"al\nice", "bob\r", "tab\tname", "u\u2028", "u\u2029", "esc\u001B", "nul\u0000", "\uD800"})
    void usernameIsOneLineWithoutControls(String name) {
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> InputRules.name("username", name));
        assertEquals("username", e.field());
    }

    @Test
    void nullIsAbsentNotInvalid() {
        assertEquals(null, InputRules.text("misc", null));
        assertEquals(null, InputRules.name("username", null));
    }

    @Test
    void visibility() {
        assertFalse(InputRules.hasVisible("\u200B \u00A0"));
        assertTrue(InputRules.hasVisible("\u200Bx"));
        assertTrue(InputRules.hasVisible("\uD83D\uDE00"));
    }
}
