package dev.chorus.infrastructure.grid.processors;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.chorus.domain.MessageCounts;
import dev.chorus.domain.RecentWindow;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The window take-over on real embedded members: only the member that installed a window stamps in it; a copy
 * that changed hands (a promoted backup after its owner was killed) stamps nothing until it is taken over
 * again; an older epoch never replaces a newer one.
 */
class WindowTakeOverTest {
    private static final String KEY = "recent";
    private static final String WINDOW = "window";
    private HazelcastInstance a;
    private HazelcastInstance b;

    @AfterEach
    void stop() {
        for (HazelcastInstance member : new HazelcastInstance[] {a, b}) {
            if (member != null && member.getLifecycleService().isRunning()) {
                member.getLifecycleService().terminate();
            }
        }
    }

    private static IMap<String, RecentWindow> window(HazelcastInstance member) {
        return member.getMap(WINDOW);
    }

    private static RecentWindow rebuilt(String... ids) {
        List<dev.chorus.domain.Message> stored = new java.util.ArrayList<>();
        long ts = 1000;
        for (String id : ids) {
            stored.add(human(id).withTimestamp(ts++));
        }
        return RecentWindow.restored(stored, new MessageCounts(ids.length, 0), ts - 1, 500);
    }

    @Test
    void aLoadedWindowIsStampedOnlyAfterItsOwnerTookItOver() {
        a = EmbeddedGrid.single(EmbeddedGrid.uniqueClusterName(WindowTakeOverTest.class));
        window(a).set(KEY, rebuilt("old")); // as the MapLoader leaves it: no epoch, no stamper
        Stamp refused = window(a).executeOnKey(KEY, new StampPending(human("p1"), "writer"));
        assertTrue(refused.unfenced());
        assertEquals(1, window(a).get(KEY).size(), "nothing stamped");

        assertEquals(0, window(a).executeOnKey(KEY, new InstallWindow(rebuilt("old"), 7)));
        Stamp stamp = window(a).executeOnKey(KEY, new StampPending(human("p1"), "writer"));
        assertFalse(stamp.unfenced());
        assertEquals(7, stamp.epoch(), "the insert must be made under the installed epoch");
        assertTrue(window(a).get(KEY).isPending(stamp.message().id()));
    }

    @Test
    void anOlderEpochNeverReplacesANewerOneAndMissingMessagesAreCounted() {
        a = EmbeddedGrid.single(EmbeddedGrid.uniqueClusterName(WindowTakeOverTest.class));
        window(a).executeOnKey(KEY, new InstallWindow(rebuilt("m1"), 5));
        assertEquals(-1, window(a).executeOnKey(KEY, new InstallWindow(rebuilt("m1", "m2"), 4)));
        assertEquals(-1, window(a).executeOnKey(KEY, new InstallWindow(rebuilt("m1", "m2"), 5)));
        assertEquals(1, window(a).get(KEY).size());

        long versionBefore = window(a).get(KEY).version();
        assertEquals(2, window(a).executeOnKey(KEY, new InstallWindow(rebuilt("m1", "m2", "m3"), 6)),
                "m2 and m3 were stored by a writer this copy had lost touch with");
        RecentWindow now = window(a).get(KEY);
        assertEquals(6, now.epoch());
        assertTrue(now.version() > versionBefore, "replicas take the taken-over window as the newer one");
    }

    @Test
    void bookkeepingStoredWhileTheRebuildWasReadIsNotUndoneByTheTakeOver() {
        a = EmbeddedGrid.single(EmbeddedGrid.uniqueClusterName(WindowTakeOverTest.class));
        dev.chorus.domain.BotParams pending = dev.chorus.domain.BotParams.request("echo", 1, null, null, null)
                .startPending();
        dev.chorus.domain.Message asked = dev.chorus.domain.TestMessages.message("ask").botParams(pending).build()
                .withTimestamp(1000);
        window(a).executeOnKey(KEY, new InstallWindow(RecentWindow.restored(List.of(asked),
                new MessageCounts(1, 0), 1000, 500), 1));
        dev.chorus.domain.Message answered = asked.withBotParams(pending.withProcessed(true));
        window(a).executeOnKey(KEY, new ReplaceInWindow(answered)); // the PATCH reached the window...

        // ...after the rebuild had read the row still pending
        window(a).executeOnKey(KEY, new InstallWindow(RecentWindow.restored(List.of(asked),
                new MessageCounts(1, 0), 1000, 500), 2));
        assertEquals(Boolean.TRUE, window(a).get(KEY).find(asked.id()).orElseThrow().botParams().processed());
    }

    @Test
    void aPromotedBackupStampsNothingUntilTakenOverAgain() throws InterruptedException {
        String cluster = EmbeddedGrid.uniqueClusterName(WindowTakeOverTest.class);
        int portA = EmbeddedGrid.freePort();
        int portB = EmbeddedGrid.freePort();
        a = EmbeddedGrid.member(cluster, portA, List.of(portA, portB));
        b = EmbeddedGrid.member(cluster, portB, List.of(portA, portB));
        EmbeddedGrid.awaitMembers(2, a, b);
        window(a).size();
        EmbeddedGrid.awaitClusterSafe(a, b);
        HazelcastInstance owner = EmbeddedGrid.owns(a, KEY) ? a : b;
        HazelcastInstance survivor = owner == a ? b : a;

        window(survivor).executeOnKey(KEY, new InstallWindow(rebuilt("m1"), 1));
        Stamp before = window(survivor).executeOnKey(KEY, new StampPending(human("p1"), "writer"));
        assertFalse(before.unfenced(), "the owner took it over: stamps from any member go through");

        owner.getLifecycleService().terminate();
        EmbeddedGrid.awaitMembers(1, survivor);
        Stamp after = window(survivor).executeOnKey(KEY, new StampPending(human("p2"), "writer"));
        assertTrue(after.unfenced(), "a promoted copy may lack what the lost owner stored: no stamp before a take-over");

        window(survivor).executeOnKey(KEY, new InstallWindow(rebuilt("m1", "p1"), 2));
        Stamp taken = window(survivor).executeOnKey(KEY, new StampPending(human("p2"), "writer"));
        assertFalse(taken.unfenced());
        assertEquals(2, taken.epoch());
    }
}
