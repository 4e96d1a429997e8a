package dev.chorus.domain;

import static dev.chorus.domain.Rejections.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ColorTest {

    @ParameterizedTest
    @ValueSource(strings = {"000000000", "255255255", "255000128", "001002003", "100200255"})
    void acceptsNineDigitsWithEachChannelAtMost255(String digits) {
        assertEquals(digits, new Color(digits).digits());
        assertEquals(digits, Color.parse(digits).digits());
        assertEquals(digits, new Color(digits).toString());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"256000000", "000256000", "000000256", "999999999", "25500012", "2550001280",
            "abcdefghi", "255 000 128", "-25500012", "#ff0080", "255,000,128", "２５５０００１２８"})
    void rejectsOtherDigitStringsNamingTheColorField(String digits) {
        assertRejected("color", () -> new Color(digits));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rgb(255, 0, 128)      | 255000128",
        "rgb(1,2,3)            | 001002003",
        "rgb( 10 , 20 , 30 )   | 010020030",
        "RGB(0, 0, 0)          | 000000000",
        "rgb(255, 255, 255)    | 255255255",
        "rgb(007, 08, 9)       | 007008009",
        "  255000128           | 255000128",
    })
    void parsesRgbNotationAndNineDigits(String text, String digits) {
        assertEquals(digits, Color.parse(text).digits());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "#FF0000   | 255000000",
        "FF0000    | 255000000",
        "#ff0080   | 255000128",
        "00ff7F    | 000255127",
        "#000000   | 000000000",
        "' #FFFFFF ' | 255255255",
    })
    void parsesHexAsTheOriginalsLinksCarryItStoredAsNineDigits(String text, String digits) {
        assertEquals(digits, Color.parse(text).digits());
    }

    @Test
    void parseTrimsSurroundingWhitespace() {
        assertEquals("255000128", Color.parse("  rgb(255, 0, 128)\t").digits());
        assertEquals("255000128", Color.parse(" 255000128 ").digits());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"rgb(256, 0, 0)", "rgb(0, 256, 0)", "rgb(0, 0, 1000)", "rgb(1, 2)", "rgb(1, 2, 3, 4)",
            "rgb(-1, 2, 3)", "rgb(1.5, 2, 3)", "rgba(1, 2, 3)", "rgb 1 2 3", "red", "#ff000", "#fff", "ff00000",
            "#gg0000", "##ff0000", "0xff0000", "12345678", "#uis=Al:FF0000"})
    void parseRejectsMalformedColorsNamingTheColorField(String text) {
        assertRejected("color", () -> Color.parse(text));
    }

    @Test
    void ofFormatsThreeDigitsPerChannel() {
        assertEquals("001020255", Color.of(1, 20, 255).digits());
        assertRejected("color", () -> Color.of(256, 0, 0));
    }

    @Test
    void randomBrightIsAlwaysValidAndBright() {
        for (int i = 0; i < 2000; i++) {
            Color color = Color.randomBright();
            String digits = color.digits();
            assertTrue(digits.matches("\\d{9}"), digits);
            int red = Integer.parseInt(digits.substring(0, 3));
            int green = Integer.parseInt(digits.substring(3, 6));
            int blue = Integer.parseInt(digits.substring(6, 9));
            assertTrue(red <= 255 && green <= 255 && blue <= 255, digits);
            assertTrue(red == 255 || green == 255 || blue == 255, "one channel full: " + digits);
            assertEquals(color, new Color(digits), "round-trips through validation");
        }
    }
}
