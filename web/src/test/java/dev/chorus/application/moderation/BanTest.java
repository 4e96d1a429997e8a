package dev.chorus.application.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.InvalidMessageException;
import org.junit.jupiter.api.Test;

/** What a ban refuses, for how long, and which requests for one are refused (nothing stored). */
class BanTest {
    private static final long NOW = 1_700_000_000_000L;

    @Test
    void anAddressBanRefusesThatAddressUntilItEnds() {
        Ban ban = Ban.of("b1", " 203.0.113.7 ", null, 10, " spam ", NOW);
        assertEquals("203.0.113.7", ban.subject());
        assertEquals("spam", ban.reason());
        assertTrue(ban.refuses("203.0.113.7", "anyone", NOW + 1));
        assertFalse(ban.refuses("203.0.113.8", "anyone", NOW + 1));
        assertEquals(600, ban.secondsLeft(NOW));
        assertEquals(1, ban.secondsLeft(NOW + 599_999));
        assertFalse(ban.refuses("203.0.113.7", "anyone", NOW + 600_000), "ended");
    }

    @Test
    void anIpv6BanMatchesTheAddressHoweverItIsWritten() {
        Ban ban = Ban.of("b3", "2001:db8::1", null, 10, "spam", NOW);
        assertEquals("2001:db8::1", ban.subject());
        assertTrue(ban.refuses(IpAddress.canonicalOrSelf("2001:0db8:0:0:0:0:0:1"), null, NOW));
        assertTrue(ban.refuses(IpAddress.canonicalOrSelf("2001:DB8:0::1"), null, NOW));
        assertTrue(ban.refuses(IpAddress.canonicalOrSelf("[2001:db8::1]"), null, NOW));
        assertTrue(ban.refuses(IpAddress.canonicalOrSelf("2001:db8::1%eth0"), null, NOW));
        assertFalse(ban.refuses("2001:db8::2", null, NOW));
        assertEquals("2001:db8::1", Ban.of("b4", "2001:0DB8:0000:0000:0000:0000:0000:0001", null, 1, "r", NOW).subject());
        assertEquals("2001:db8:0:1:1:1:1:1", Ban.of("b5", "2001:db8:0:1:1:1:1:1", null, 1, "r", NOW).subject(),
                "one zero group is not shortened");
        assertEquals("2001:0:0:1::1", Ban.of("b6", "2001:0:0:1:0:0:0:1", null, 1, "r", NOW).subject(),
                "the longest run of zeros is");
        assertEquals("::1", Ban.of("b7", "0:0:0:0:0:0:0:1", null, 1, "r", NOW).subject());
    }

    @Test
    void anIpv4MappedIpv6AddressIsItsIpv4Address() {
        Ban v4 = Ban.of("b8", "1.2.3.4", null, 10, "spam", NOW);
        assertTrue(v4.refuses(IpAddress.canonicalOrSelf("::ffff:1.2.3.4"), null, NOW));
        assertTrue(v4.refuses(IpAddress.canonicalOrSelf("::FFFF:0102:0304"), null, NOW));
        assertTrue(v4.refuses(IpAddress.canonicalOrSelf("0:0:0:0:0:ffff:1.2.3.4"), null, NOW));
        assertFalse(v4.refuses(IpAddress.canonicalOrSelf("::1.2.3.4"), null, NOW), "IPv4-compatible is another address");
        Ban mapped = Ban.of("b9", "::ffff:1.2.3.4", null, 10, "spam", NOW);
        assertEquals("1.2.3.4", mapped.subject());
        assertTrue(mapped.refuses("1.2.3.4", null, NOW));
    }

    @Test
    void onlyAddressLiteralsAreAddressesAndNoNameIsLookedUp() {
        for (String bad : new String[] {"localhost", "example.org", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4",
                "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "g::1", ":1", "1:", "::1%", "1.2.3.4%eth0",
                "1.2.3.4/24", "", " ", "2001:db8::\u0661", "\u0661.2.3.4", "1.2.3.4:", "1.2.3.4:65536",
                "[1.2.3.4", "[::1]x", "[::1]:", "1.2.3.4:80:80"}) {
            assertEquals("address", field(() -> Ban.of("x", bad, null, 5, "r", NOW)), bad);
        }
    }

    @Test
    void aBanComparesTheCanonicalAddressItIsGiven() {
        Ban ban = Ban.of("b10", "[2001:db8::1]:443", null, 10, "spam", NOW);
        assertEquals("2001:db8::1", ban.subject(), "a port is not part of the address");
        assertTrue(ban.refuses("2001:db8::1", null, NOW));
        assertFalse(ban.refuses("2001:0db8::1", null, NOW), "the caller canonicalises, once per request");
    }

    @Test
    void aUsernameBanComparesNamesAsTheUserSearchDoes() {
        Ban ban = Ban.of("b2", null, "Spam_Bot", 1, "impersonation", NOW);
        assertEquals("spambot", ban.subject());
        assertTrue(ban.refuses("10.0.0.1", "spam-bot", NOW));
        assertTrue(ban.refuses("10.0.0.1", "SPAMBOT", NOW));
        assertFalse(ban.refuses("10.0.0.1", "spambot2", NOW));
        assertFalse(ban.refuses("10.0.0.1", null, NOW), "anonymous posts are not that name");
    }

    @Test
    void badRequestsNameTheField() {
        assertEquals("address", field(() -> Ban.of("x", null, null, 5, "r", NOW)));
        assertEquals("username", field(() -> Ban.of("x", "10.0.0.1", "bob", 5, "r", NOW)));
        assertEquals("minutes", field(() -> Ban.of("x", "10.0.0.1", null, null, "r", NOW)));
        assertEquals("minutes", field(() -> Ban.of("x", "10.0.0.1", null, 0, "r", NOW)));
        assertEquals("minutes", field(() -> Ban.of("x", "10.0.0.1", null, Ban.MAX_MINUTES + 1, "r", NOW)));
        assertEquals("reason", field(() -> Ban.of("x", "10.0.0.1", null, 5, " ", NOW)));
        assertEquals("reason", field(() -> Ban.of("x", "10.0.0.1", null, 5, "r".repeat(Ban.MAX_REASON + 1), NOW)));
        assertEquals("address", field(() -> Ban.of("x", "10.0.0.1 or 1=1", null, 5, "r", NOW)));
        assertEquals("username", field(() -> Ban.of("x", null, "!!!", 5, "r", NOW)));
    }

    private static String field(Runnable request) {
        return assertThrows(InvalidMessageException.class, request::run).field();
    }
}
