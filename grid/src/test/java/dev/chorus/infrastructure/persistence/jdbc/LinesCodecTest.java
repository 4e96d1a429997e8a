package dev.chorus.infrastructure.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinesCodecTest {

    @Test
    void absentStaysAbsent() {
        assertNull(LinesCodec.encode(null));
        assertNull(LinesCodec.decode(null));
    }

    @Test
    void roundTripsEmptyListsEmptyLinesNewlinesBackslashesAndLookalikeHeaders() {
        for (List<String> lines : List.of(List.<String>of(), List.of(""), List.of("", ""), List.of("a\nb", "c\\d"),
                List.of("\\n", "\n\\", "]", "[2]\nx", "\\\\n", "\r\n", "trailing\\"), List.of("\n", "\n", "\n"))) {
            assertEquals(lines, LinesCodec.decode(LinesCodec.encode(lines)), () -> "lines " + lines);
        }
    }

    @Test
    void keepsOneStoredLinePerContextLine() {
        String stored = LinesCodec.encode(List.of("a\nb", "c"));
        assertEquals("[2]\na\\nb\nc", stored);
        assertFalse(stored.substring(stored.indexOf('\n') + 1).replace("\nc", "").contains("\n"));
    }
}
