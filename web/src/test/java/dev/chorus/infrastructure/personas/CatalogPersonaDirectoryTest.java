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

/**
 * An operator's persona switch against the entities file: the switch holds while the persona's entry is the one
 * it was made against, the file wins once that entry is edited; no clock is asked, so members agree.
 */
class CatalogPersonaDirectoryTest {
    private static final String FILE = """
            {"entities": [{"id": "sage", "enabled": true, "username": "Sage", "color": "255000000",
                           "model": "m", "systemPrompt": "s", "userPrompt": "u"},
                          {"id": "owl", "enabled": true, "username": "Owl", "color": "000255000",
                           "model": "m", "systemPrompt": "s", "userPrompt": "u"}]}
            """;

    @TempDir
    Path dir;

    private final Map<String, OperatorSwitches.PersonaSwitch> switched = new HashMap<>();
    private final Map<String, String> madeAgainst = new HashMap<>();

    /** The switches table as every member reads it: the switch and the entry hash stored with it. */
    private final class Switches implements OperatorSwitches, SwitchedEntries {
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

        @Override
        public Map<String, String> entryHashes() {
            return Map.copyOf(madeAgainst);
        }
    }

    /** What JdbcOperatorSwitches stores when an operator flips the switch on {@code member}. */
    private void switchOn(CatalogPersonaDirectory member, String id, boolean enabled) {
        switched.put(id, new OperatorSwitches.PersonaSwitch(enabled, 0)); // its time is not consulted
        madeAgainst.put(id, member.catalog.snapshot().entryHash(id).orElseThrow());
    }

    @Test
    void aSwitchHoldsUntilThePersonasEntryIsEdited() throws Exception {
        Path file = write(FILE);
        CatalogPersonaDirectory directory = directory(file);
        assertTrue(directory.find("sage").orElseThrow().enabled());

        switchOn(directory, "sage", false);
        assertFalse(directory.find("sage").orElseThrow().enabled(), "the operator switched it off");
        assertFalse(directory.all().get(0).enabled());
        assertTrue(directory.find("owl").orElseThrow().enabled(), "another persona is not switched");

        Files.writeString(file, FILE.replace("\"Sage\"", "\"Sage2\""));
        Files.setLastModifiedTime(file, FileTime.fromMillis(3_000_000)); // an mtime older than anything: no matter
        assertTrue(directory.catalog.refreshIfChanged());
        assertTrue(directory.find("sage").orElseThrow().enabled(), "its entry was edited after the switch: it wins");

        switchOn(directory, "sage", false);
        assertFalse(directory.find("sage").orElseThrow().enabled(), "a switch made against the new entry holds");
    }

    @Test
    void touchingReformattingOrEditingAnotherPersonaDoesNotCancelASwitch() throws Exception {
        Path file = write(FILE);
        CatalogPersonaDirectory directory = directory(file);
        switchOn(directory, "sage", false);

        Files.writeString(file, FILE); // the same content, a new mtime
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        directory.catalog.refreshIfChanged();
        assertFalse(directory.find("sage").orElseThrow().enabled(), "the file's content did not change");

        Files.writeString(file, FILE.replace("\n", "\n\n    ").replace("\"Owl\"", "\"Owl the Wise\""));
        assertTrue(directory.catalog.refreshIfChanged(), "reformatted, and another persona edited");
        assertEquals("Owl the Wise", directory.find("owl").orElseThrow().username());
        assertFalse(directory.find("sage").orElseThrow().enabled(), "this persona's entry is the same: it holds");
    }

    @Test
    void membersThatNoticeAnEditAtDifferentTimesAgreeOnceBothHaveReadIt() throws Exception {
        Path file = write(FILE);
        CatalogPersonaDirectory first = directory(file);
        CatalogPersonaDirectory second = directory(file);
        first.catalog.clock = () -> 10_000_000; // clocks far apart: nothing depends on them
        second.catalog.clock = () -> 1_000;
        switchOn(second, "sage", false);
        assertFalse(first.find("sage").orElseThrow().enabled(), "a switch made on the other member holds here");

        Files.writeString(file, FILE.replace("\"Sage\"", "\"Sage2\""));
        first.catalog.refreshIfChanged();
        assertTrue(first.find("sage").orElseThrow().enabled(), "the member that read the edit: the file wins");
        assertFalse(second.find("sage").orElseThrow().enabled(), "the member that has not read it yet");
        second.catalog.refreshIfChanged();
        assertTrue(second.find("sage").orElseThrow().enabled(), "once read, the same answer on both");
    }

    @Test
    void aSwitchStoredWithoutAnEntryHashHoldsUntilSetAgain() throws Exception {
        Path file = write(FILE);
        CatalogPersonaDirectory directory = directory(file);
        switched.put("sage", new OperatorSwitches.PersonaSwitch(false, 0)); // a row from before V6
        Files.writeString(file, FILE.replace("\"Sage\"", "\"Sage2\""));
        directory.catalog.refreshIfChanged();
        assertFalse(directory.find("sage").orElseThrow().enabled());
    }

    @Test
    void aRewriteKeepingTheSizeAndTheMtimeIsNoticedAndWins() throws Exception {
        long readAt = 1_700_000_000_000L;
        FileTime sameSecond = FileTime.fromMillis(readAt - 500); // a coarse mtime, within the racy window
        Path file = write(FILE);
        Files.setLastModifiedTime(file, sameSecond);
        PersonaCatalog catalog = new PersonaCatalog(TestSettings.with(Map.of("chorus.entities", file.toString())));
        catalog.clock = () -> readAt;
        CatalogPersonaDirectory directory = directory(catalog);
        switchOn(directory, "sage", false);
        assertFalse(directory.find("sage").orElseThrow().enabled(), "switched off");

        Files.writeString(file, FILE.replace("\"Sage\"", "\"Sagf\"")); // same size
        Files.setLastModifiedTime(file, sameSecond); // and the same mtime
        catalog.clock = () -> readAt + 100;
        assertTrue(catalog.refreshIfChanged(), "the edit is noticed");
        assertEquals("Sagf", directory.find("sage").orElseThrow().username());
        assertTrue(directory.find("sage").orElseThrow().enabled(), "its entry changed after the switch: it wins");
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve("entities.json");
        Files.writeString(file, text);
        return file;
    }

    private CatalogPersonaDirectory directory(Path file) {
        return directory(new PersonaCatalog(TestSettings.with(Map.of("chorus.entities", file.toString()))));
    }

    private CatalogPersonaDirectory directory(PersonaCatalog catalog) {
        catalog.load();
        CatalogPersonaDirectory directory = new CatalogPersonaDirectory();
        directory.catalog = catalog;
        Switches switches = new Switches();
        directory.switches = switches;
        directory.entries = switches;
        return directory;
    }
}
