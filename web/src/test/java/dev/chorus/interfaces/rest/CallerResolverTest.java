package dev.chorus.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.application.config.TestSettings;
import dev.chorus.interfaces.HttpSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which address a request counts as (the rate-limit key and what bans compare): addresses compared as addresses,
 * so a proxy written short still vouches for its clients and a hop with a port is its address.
 */
class CallerResolverTest {

    private static CallerResolver trusting(String proxies) {
        CallerResolver resolver = new CallerResolver();
        resolver.settings = new HttpSettings(TestSettings.with(Map.of("chorus.trusted-proxies", proxies)));
        return resolver;
    }

    @Test
    void anIpv6ProxyWrittenShortIsTheSocketsLongForm() {
        CallerResolver resolver = trusting("::1");
        assertEquals("203.0.113.7", resolver.clientAddress("0:0:0:0:0:0:0:1", "203.0.113.7"));
        assertEquals("2001:db8::7", resolver.clientAddress("0:0:0:0:0:0:0:1", "2001:DB8:0:0::7"));
        assertEquals("::1", resolver.clientAddress("0:0:0:0:0:0:0:1", null), "no header: the proxy itself");
    }

    @Test
    void hopsWithPortsAreTheirAddresses() {
        CallerResolver resolver = trusting("10.0.0.1, 2001:db8::a");
        assertEquals("1.2.3.4", resolver.clientAddress("10.0.0.1", "1.2.3.4:5678"));
        assertEquals("2001:db8::1", resolver.clientAddress("10.0.0.1", "[2001:db8::1]:443"));
        assertEquals("198.51.100.9", resolver.clientAddress("10.0.0.1", "6.6.6.6, 198.51.100.9:1, [2001:db8::a]:80"),
                "the right-most hop that is not a proxy, a proxy's hop with a port included");
        assertEquals("1.2.3.4", resolver.clientAddress("2001:0db8::000a", "1.2.3.4"), "the peer is canonical too");
    }

    @Test
    void aClientThatIsNoProxyCannotChooseItsAddress() {
        CallerResolver resolver = trusting("10.0.0.1");
        assertEquals("198.51.100.2", resolver.clientAddress("198.51.100.2", "1.2.3.4"));
        assertEquals("1.2.3.4", resolver.clientAddress("::ffff:10.0.0.1", "1.2.3.4"),
                "the proxy seen through a dual-stack socket");
        assertEquals("198.51.100.2", resolver.clientAddress("::ffff:198.51.100.2", null),
                "a dual-stack socket's IPv4 client is its IPv4 address");
    }
}
