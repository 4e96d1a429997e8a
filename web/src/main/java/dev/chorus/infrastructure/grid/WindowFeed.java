package dev.chorus.infrastructure.grid;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryLoadedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.topic.ITopic;
import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.WindowDelta;
import dev.chorus.infrastructure.grid.processors.ReadWindowVersion;
import dev.chorus.infrastructure.grid.processors.WindowChanges;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What brings the window's changes to this member's {@link WindowReplica}, on one thread of its own:
 * <ul>
 *   <li>every change's {@link WindowDelta}, published by the window's owner on {@link WindowChanges#TOPIC}, in
 *       the order it made them;</li>
 *   <li>a whole window when the map's entry was created, loaded from the database, or merged after a split
 *       (changes no processor made, so no delta tells of them): the map listener asks only for those events,
 *       so the map sends no update events here, and none of them carries the window;</li>
 *   <li>every {@value #CHECK_MILLIS} ms, the owner's epoch, version and history fingerprint
 *       ({@link ReadWindowVersion}, 24 bytes):
 *       the topic is not reliable, and a copy that missed the last change before a quiet spell would hear of
 *       nothing else. A copy still short of what the owner had at the previous check reads the window whole.</li>
 * </ul>
 * The grid's event threads only queue what they hear: applying, and a read from the owner, happen here.
 */
final class WindowFeed {
    private static final Logger LOG = Logger.getLogger(WindowFeed.class.getName());
    /** How often the replica's version is compared with the owner's: a missed change is made up within 2x this. */
    static final long CHECK_MILLIS = 500;

    private final GridMaps maps;
    private final WindowReplica replica;
    private final LinkedBlockingQueue<Object> heard = new LinkedBlockingQueue<>();
    private final ITopic<WindowDelta> topic;
    private final Thread applier;
    private volatile boolean running = true;
    private UUID topicRegistration;
    private UUID mapRegistration;
    /** The owner's [epoch, version] at the previous check: what this copy must have reached by the next. */
    private long[] owed;

    WindowFeed(GridMaps maps, WindowReplica replica, ManagedThreadFactory threads) {
        this.maps = maps;
        this.replica = replica;
        this.topic = maps.hazelcast().getTopic(WindowChanges.TOPIC);
        this.applier = threads.newThread(this::run);
        applier.setName("chorus-window-replica");
    }

    void start() {
        applier.start();
        topicRegistration = topic.addMessageListener(message -> heard.add(message.getMessageObject()));
        mapRegistration = maps.window().addEntryListener(new WholeWindows(), true);
    }

    void stop() {
        try {
            if (topicRegistration != null) {
                topic.removeMessageListener(topicRegistration);
            }
            if (mapRegistration != null) {
                maps.window().removeEntryListener(mapRegistration);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "window listeners already gone", e);
        }
        running = false;
        applier.interrupt();
        try {
            applier.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heard.clear();
    }

    private void run() {
        List<Object> batch = new ArrayList<>();
        long nextCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS);
        while (running) {
            try {
                Object first = heard.poll(CHECK_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    heard.drainTo(batch);
                    replica.absorb(batch);
                    batch.clear();
                }
                if (System.nanoTime() - nextCheck >= 0) {
                    check();
                    nextCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                batch.clear();
                if (running) {
                    LOG.log(Level.WARNING, "A window change could not be applied here; the next check reads the"
                            + " window whole if it is still missing", e);
                }
            }
        }
    }

    /** Compares this copy with the owner's; reads the window whole when it is still short of the previous check. */
    private void check() throws InterruptedException {
        RecentWindow copy = replica.held();
        if (copy == null) {
            owed = null;
            return; // nothing held yet: the first read loads it
        }
        long[] owner;
        try {
            owner = maps.window().submitToKey(GridMaps.WINDOW_KEY, new ReadWindowVersion())
                    .toCompletableFuture().get(CHECK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.FINE, "window version check skipped: the owner did not answer", e);
            return; // the owner is out of reach (a pause, a split): no change can come from it either
        }
        if (owner == null || owner[0] == copy.epoch() && owner[1] == copy.version() && owner[2] == copy.chain()) {
            owed = null;
            return;
        }
        if (owner[0] == copy.epoch() && owner[1] == copy.version()) {
            // the same version with another history: this copy took a change the owner never had (an owner lost
            // after it published a change its backup never got), and no later delta can tell
            LOG.warning(() -> "This member's window (epoch " + copy.epoch() + ", version " + copy.version()
                    + ") has another history than the owner's; reading it whole");
            replica.resync("a history that differs from the owner's");
            owed = null;
            return;
        }
        if (owed != null && !reached(copy, owed, owner)) {
            LOG.warning(() -> "This member's window (epoch " + copy.epoch() + ", version " + copy.version()
                    + ") missed a change the owner made before " + CHECK_MILLIS + " ms ago (epoch " + owed[0]
                    + ", version " + owed[1] + "); reading it whole");
            replica.resync("the version check");
            owed = null;
            return;
        }
        owed = owner;
    }

    /**
     * Whether {@code copy} shows what the owner had at the previous check: the same epoch at that version or
     * later, or a later take-over that the owner also has now (a copy of an epoch the owner never reached is
     * from a window that was lost and reloaded, and wrong).
     */
    private static boolean reached(RecentWindow copy, long[] owed, long[] owner) {
        return copy.epoch() == owed[0] ? copy.version() >= owed[1] : copy.epoch() > owed[0] && copy.epoch() <= owner[0];
    }

    /** Whole windows: the entry created, loaded or merged — never an update, which the topic's deltas bring. */
    private final class WholeWindows implements EntryAddedListener<String, RecentWindow>,
            EntryLoadedListener<String, RecentWindow>, EntryMergedListener<String, RecentWindow> {

        @Override
        public void entryAdded(EntryEvent<String, RecentWindow> event) {
            heard.add(new WindowReplica.Whole(event));
        }

        @Override
        public void entryLoaded(EntryEvent<String, RecentWindow> event) {
            heard.add(new WindowReplica.Whole(event));
        }

        @Override
        public void entryMerged(EntryEvent<String, RecentWindow> event) {
            heard.add(new WindowReplica.Whole(event));
        }
    }
}
