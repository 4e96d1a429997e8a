package dev.chorus.infrastructure.personas;

import dev.chorus.application.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The personas of this member: the entities file ({@code chorus.entities} / CHORUS_ENTITIES, relative paths
 * against the working directory) read into an immutable {@link PersonaCatalogSnapshot}. The bot's scheduler calls
 * {@link #refreshIfChanged()} every few seconds; it compares the file's size and mtime and only then re-reads and
 * compares the content hash — and re-reads a file modified within {@value #RACY_MILLIS} ms of its last read whatever
 * its size and mtime, since a rewrite within the same second (or the file system's mtime granularity) keeps both.
 * Every member reads the same file, so all converge without talking to each other.
 * Trade-off: members may disagree for one check interval after an edit. A missing or unreadable file logs a
 * warning and keeps the last good snapshot (empty at first): the board keeps working, messages to personas this
 * member lacks are left pending for other bots (WorkIntake).
 */
@ApplicationScoped
public class PersonaCatalog {
    private static final Logger LOG = Logger.getLogger(PersonaCatalog.class.getName());

    static final String LOCATION = "chorus.entities";

    private String location;

    private final EntitiesFileReader reader = new EntitiesFileReader();
    private final List<Consumer<PersonaCatalogSnapshot>> listeners = new ArrayList<>();
    private volatile PersonaCatalogSnapshot snapshot = PersonaCatalogSnapshot.empty();
    /** A file modified this close to its last read may have changed since without its mtime showing it. */
    static final long RACY_MILLIS = 2_000;

    private FileTime seenModified;
    private long seenSize = -1;
    /** When the file was last read (wall clock, epoch millis). */
    private long readAt;
    /** The wall clock the racy-read check compares mtimes with (a test sets its own). */
    LongSupplier clock = System::currentTimeMillis;
    private boolean loaded;
    private boolean warnedMissing;

    /** For the CDI proxy only. */
    protected PersonaCatalog() {
    }

    /** The file's location: {@code chorus.entities}, default in META-INF/microprofile-config.properties. */
    @Inject
    public PersonaCatalog(Settings settings) {
        location = settings.text(LOCATION);
    }

    @PostConstruct
    void load() {
        refreshIfChanged();
    }

    public PersonaCatalogSnapshot snapshot() {
        return snapshot;
    }

    public Path file() {
        return Path.of(location).toAbsolutePath();
    }

    /** Called with each new snapshot (after a change), on the thread that noticed the change. */
    public synchronized void onChange(Consumer<PersonaCatalogSnapshot> listener) {
        listeners.add(listener);
    }

    /** Re-reads the file when its size or mtime changed; true when a different snapshot is now in place. */
    public synchronized boolean refreshIfChanged() {
        Path file = file();
        try {
            if (!Files.isRegularFile(file)) {
                if (!warnedMissing) {
                    LOG.warning(() -> "Entities file " + file + " not found: no personas until it appears"
                            + " (set CHORUS_ENTITIES); the board works without them");
                    warnedMissing = true;
                }
                return false;
            }
            warnedMissing = false;
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            long now = clock.getAsLong();
            if (modified.equals(seenModified) && size == seenSize && modified.toMillis() < readAt - RACY_MILLIS) {
                return false;
            }
            PersonaCatalogSnapshot next = reader.read(file);
            seenModified = modified;
            seenSize = size;
            readAt = now;
            if (loaded && next.contentHash().equals(snapshot.contentHash())) {
                return false;
            }
            loaded = true;
            next.problems().forEach(problem -> LOG.warning(() -> "Entities file " + file + ": " + problem));
            snapshot = next;
            LOG.info(() -> "Loaded " + next);
            for (Consumer<PersonaCatalogSnapshot> listener : listeners) {
                try {
                    listener.accept(next);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Entities change listener failed", e);
                }
            }
            return true;
        } catch (IOException | EntitiesFileException | RuntimeException e) {
            LOG.warning(() -> "Entities file " + file + " could not be read, keeping the previous personas: " + e.getMessage());
            return false;
        }
    }
}
