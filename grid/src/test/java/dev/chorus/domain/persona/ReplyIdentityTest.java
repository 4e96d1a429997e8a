package dev.chorus.domain.persona;

import dev.chorus.domain.Color;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplyIdentityTest {
    private final Persona sage = Personas.sage().build();
    private final Random random = new Random(7);

    @Test
    void entityIdentityByDefault() {
        assertEquals(new ReplyIdentity("Sage", "080215225"), ReplyIdentity.resolve(sage, null, random));
        assertEquals(new ReplyIdentity("Sage", "080215225"), ReplyIdentity.resolve(sage, "  ", random));
    }

    @Test
    void aisNameAndColor() {
        assertEquals(new ReplyIdentity("Luna", "255000128"), ReplyIdentity.resolve(sage, "Luna:255000128", random));
        assertEquals(new ReplyIdentity("Luna", "080215225"), ReplyIdentity.resolve(sage, "Luna:999999999", random));
        assertEquals(new ReplyIdentity("Luna", "080215225"), ReplyIdentity.resolve(sage, "Luna", random));
        assertEquals(new ReplyIdentity("Sage", "001002003"), ReplyIdentity.resolve(sage, ":001002003", random));
    }

    @Test
    void randomColorIsBright() {
        for (int i = 0; i < 50; i++) {
            ReplyIdentity id = ReplyIdentity.resolve(sage, "Luna:random", random);
            assertEquals("Luna", id.username());
            assertTrue(Color.isValid(id.color()));
            assertTrue(id.color().contains("255"), id.color());
        }
    }
}
