package dev.chorus.infrastructure.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.application.ClusterStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A member's published state as the console's cluster panel shows it, including a state missing fields. */
class MemberStatesTest {
    private static final long NOW = 1_700_000_000_000L;

    @Test
    void aStateWithoutWritesShowsUnknownNotNull() {
        ClusterStatus.Member member = MemberStates.member("m1", "127.0.0.1:5701", false, true,
                Map.of("publishedAt", NOW), NOW);
        assertEquals("unknown", member.writes());
        assertNull(member.reason());
        assertTrue(member.serving());
    }

    @Test
    void aFullStateIsShownAsPublished() {
        ClusterStatus.Member member = MemberStates.member("m2", "127.0.0.1:5702", true, true, Map.of(
                "publishedAt", NOW, "writes", "refused", "reason", "minority", "clusterSize", 1), NOW);
        assertEquals("refused", member.writes());
        assertEquals("minority", member.reason());
        assertEquals(1, member.clusterSize());
    }
}
