package dev.chorus.application.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one address routine: what proxies and sockets write, reduced to the address bans and rate limits compare. */
class IpAddressTest {

    @Test
    void aPortIsDroppedAsProxiesWriteIt() {
        assertEquals(Optional.of("1.2.3.4"), IpAddress.canonical("1.2.3.4:5678"));
        assertEquals(Optional.of("1.2.3.4"), IpAddress.canonical(" 1.2.3.4:0 "));
        assertEquals(Optional.of("2001:db8::1"), IpAddress.canonical("[2001:db8::1]:443"));
        assertEquals(Optional.of("2001:db8::1"), IpAddress.canonical("[2001:0DB8:0:0:0:0:0:1]"));
        assertEquals(Optional.of("1.2.3.4"), IpAddress.canonical("[::ffff:1.2.3.4]:80"));
        assertEquals(Optional.of("::1"), IpAddress.canonical("0:0:0:0:0:0:0:1"),
                "what getRemoteAddr() reports for the loopback is ::1");
    }

    @Test
    void onlyAsciiDigitsAndWellFormedPortsAreAccepted() {
        for (String bad : new String[] {"2001:db8::\u0661", "\uff11.2.3.4", "2001:db8::\uff41", "1.2.3.4:65536",
                "1.2.3.4:", "1.2.3.4:\u0661", "[2001:db8::1]:", "[2001:db8::1]443", "[2001:db8::1", "1.2.3.4:1:2"}) {
            assertEquals(Optional.empty(), IpAddress.canonical(bad), bad);
        }
    }
}
