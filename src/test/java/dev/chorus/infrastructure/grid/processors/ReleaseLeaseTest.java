package dev.chorus.infrastructure.grid.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.bot.BotTask;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ReleaseLease on a real embedded member: a departed holder's task is claimable at once, a live one's is kept. */
class ReleaseLeaseTest {
    private static final long LEASE = 316_000;
    private static HazelcastInstance member;

    @BeforeAll
    static void start() {
        member = EmbeddedGrid.single(EmbeddedGrid.uniqueClusterName(ReleaseLeaseTest.class));
    }

    @AfterAll
    static void stop() {
        if (member != null) {
            member.shutdown();
        }
    }

    private static IMap<String, BotTask> queue() {
        return member.getMap("queue");
    }

    @Test
    void aTaskHeldByADepartedMemberIsClaimableWithinTheTickNotAfterItsLease() {
        queue().set("m1", BotTask.pending("m1", "echo", null, 0, 0).claim(1_000, LEASE, "gone/1"));
        BotTask released = queue().executeOnKey("m1", new ReleaseLease(2_300, Set.of("live")));
        assertEquals(BotStatus.PENDING, released.getStatus());
        assertTrue(queue().get("m1").isDue(2_300), "due at once, 1.3 s after the claim, not after " + LEASE + " ms");
        assertTrue(queue().get("m1").claim(2_300, LEASE, "live/2") != null);
    }

    @Test
    void aTaskHeldByALiveMemberKeepsItsLease() {
        queue().set("m2", BotTask.pending("m2", "echo", null, 0, 0).claim(1_000, LEASE, "live/1"));
        assertNull(queue().executeOnKey("m2", new ReleaseLease(2_300, Set.of("live"))));
        assertEquals(BotStatus.PROCESSING, queue().get("m2").getStatus());
    }
}
