package dev.chorus.infrastructure.personas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.application.bot.OperatorSwitches;
import dev.chorus.application.config.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator's persona switch against the entities file: the later of the two wins. */
class CatalogPersonaDirectoryTest {
    private static final String FILE = """
            {"entities": [{"id": "sage", "enabled": true, "username": "Sage", "color": "255000000",
                           "model": "m", "systemPrompt": "s", "userPrompt": "u"}]}
            """;

    @TempDir
    Path dir;

    private final Map<String, OperatorSwitches.PersonaSwitch> switched = new HashMap<>();

    private final OperatorSwitches switches = new OperatorSwitches() {
        @Override
        public boolean paused() {
            return false;
        }

        @Override
        public void setPaused(boolean paused) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, PersonaSwitch> personaSwitches() {
            return Map.copyOf(switched);
        }

        @Override
        public void setPersonaEnabled(String personaId, boolean enabled) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void aSwitchNewerThanTheFileWinsUntilTheFileChangesAgain() throws Exception {
        Path file = dir.resolve("entities.json");
        Files.writeString(file, FILE);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000));
        PersonaCatalog catalog = new PersonaCatalog(TestSettings.with(Map.of("chorus.entities", file.toString())));
        catalog.load();
        CatalogPersonaDirectory directory = new CatalogPersonaDirectory();
        directory.catalog = catalog;
        directory.switches = switches;
        assertTrue(directory.find("sage").orElseThrow().enabled());

        switched.put("sage", new OperatorSwitches.PersonaSwitch(false, 2_000_000));
        assertFalse(directory.find("sage").orElseThrow().enabled(), "the operator switched it off after the file");
        assertFalse(directory.all().get(0).enabled());

        Files.writeString(file, FILE.replace("\"Sage\"", "\"Sage2\""));
        Files.setLastModifiedTime(file, FileTime.fromMillis(3_000_000));
        catalog.refreshIfChanged();
        assertTrue(directory.find("sage").orElseThrow().enabled(), "the file changed after the switch: it wins");

        switched.put("sage", new OperatorSwitches.PersonaSwitch(false, System.currentTimeMillis() + 1));
        assertFalse(directory.find("sage").orElseThrow().enabled(), "a newer switch wins again");
    }

    @Test
    void touchingTheFileOrWritingItAgainUnchangedDoesNotCancelASwitch() throws Exception {
        Path file = dir.resolve("entities.json");
        Files.writeString(file, FILE);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000));
        CatalogPersonaDirectory directory = directory(file);
        switched.put("sage", new OperatorSwitches.PersonaSwitch(false, 2_000_000));
        assertFalse(directory.find("sage").orElseThrow().enabled());

        Files.writeString(file, FILE); // the same content, a new mtime
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        directory.catalog.refreshIfChanged();
        assertFalse(directory.find("sage").orElseThrow().enabled(), "the file's content did not change: the switch holds");
    }

    @Test
    void aRewriteKeepingTheSizeAndTheMtimeIsNoticedAndWins() throws Exception {
        Path file = dir.resolve("entities.json");
        FileTime second = FileTime.fromMillis(System.currentTimeMillis() / 1000 * 1000); // a coarse mtime, just now
        Files.writeString(file, FILE);
        Files.setLastModifiedTime(file, second);
        CatalogPersonaDirectory directory = directory(file);
        switched.put("sage", new OperatorSwitches.PersonaSwitch(false, System.currentTimeMillis()));
        assertFalse(directory.find("sage").orElseThrow().enabled(), "switched off");

        Thread.sleep(5); // the edit comes after the switch, within the same second
        Files.writeString(file, FILE.replace("\"Sage\"", "\"Sagf\"")); // same size
        Files.setLastModifiedTime(file, second); // and the same mtime
        assertTrue(directory.catalog.refreshIfChanged(), "the edit is noticed");
        assertEquals("Sagf", directory.find("sage").orElseThrow().username());
        assertTrue(directory.find("sage").orElseThrow().enabled(), "the file changed after the switch: it wins");
    }

    private CatalogPersonaDirectory directory(Path file) {
        PersonaCatalog catalog = new PersonaCatalog(TestSettings.with(Map.of("chorus.entities", file.toString())));
        catalog.load();
        CatalogPersonaDirectory directory = new CatalogPersonaDirectory();
        directory.catalog = catalog;
        directory.switches = switches;
        return directory;
    }
}
