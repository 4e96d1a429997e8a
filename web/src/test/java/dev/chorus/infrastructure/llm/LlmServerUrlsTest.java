package dev.chorus.infrastructure.llm;

import dev.chorus.application.config.InvalidSettingException;
import dev.chorus.application.config.TestSettings;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmServerUrlsTest {

    @Test
    void normalizeAndList() {
        assertEquals(URI.create("http://h:1234/v1"), LlmServerUrls.normalize(" http://h:1234/v1/ "));
        assertEquals(List.of(URI.create("http://a:1/v1"), URI.create("https://b/v1")),
                LlmServerUrls.parseList("http://a:1/v1, ,https://b/v1/,http://a:1/v1"));
        assertThrows(IllegalArgumentException.class, () -> LlmServerUrls.normalize("ftp://x/v1"));
        assertThrows(IllegalArgumentException.class, () -> LlmServerUrls.normalize("localhost:1234"));
        assertThrows(IllegalArgumentException.class, () -> LlmServerUrls.normalize("http://h/v1?x=1"));
        assertThrows(IllegalArgumentException.class, () -> LlmServerUrls.normalize(" "));
    }

    @Test
    void rootAndResolve() {
        assertEquals(URI.create("http://h:1234"), LlmServerUrls.root(URI.create("http://h:1234/v1")));
        assertEquals(URI.create("http://h:1234/proxy/lm"), LlmServerUrls.root(URI.create("http://h:1234/proxy/lm/v1/")));
        assertEquals(URI.create("http://h:1234/api"), LlmServerUrls.root(URI.create("http://h:1234/api")));
        assertEquals(URI.create("http://h:1234/v1/chat/completions"),
                LlmServerUrls.resolve(URI.create("http://h:1234/v1/"), "/chat/completions"));
        assertEquals(URI.create("http://h:1234/api/v0/models"),
                AbstractHttpLlmTransport.Endpoint.LM_STUDIO_MODELS.target(URI.create("http://h:1234/v1")));
        assertEquals(URI.create("http://h:1234/v1/models"),
                AbstractHttpLlmTransport.Endpoint.MODELS.target(URI.create("http://h:1234/v1")));
    }

    @Test
    void settingsFromConfig() {
        LlmSettings s = LlmSettings.from(TestSettings.with(Map.of(
                LlmSettings.SERVERS, "http://a:1/v1,http://b:2/v1",
                LlmSettings.SLOTS_PER_SERVER, "2",
                LlmSettings.READ_TIMEOUT_SECONDS, "120",
                LlmSettings.PROBE_TIMEOUT_MILLIS, "1500")));
        assertEquals(List.of(URI.create("http://a:1/v1"), URI.create("http://b:2/v1")), s.servers());
        assertTrue(s.serversConfigured());
        assertEquals(2, s.slotsPerServer());
        assertEquals(Duration.ofSeconds(120), s.readTimeout());
        assertEquals(Duration.ofMillis(1500), s.probeTimeout());
        assertEquals(Duration.ofSeconds(5), s.connectTimeout());
        List<URI> file = List.of(URI.create("http://f:3/v1"));
        assertEquals(s.servers(), s.effectiveServers(file), "configured servers win");

        LlmSettings d = LlmSettings.from(TestSettings.defaults());
        assertFalse(d.serversConfigured());
        assertEquals(List.of(URI.create("http://localhost:1234/v1")), d.servers());
        assertEquals(1, d.slotsPerServer());
        assertEquals(Duration.ofSeconds(300), d.readTimeout());
        assertEquals(Duration.ofSeconds(5), d.connectTimeout());
        assertEquals(Duration.ofSeconds(2), d.probeTimeout());
        assertEquals(3, d.breakerFailureThreshold());
        assertEquals(Duration.ofSeconds(30), d.breakerOpenDuration());
        assertEquals(file, d.effectiveServers(file), "the entities file's servers beat the default");
        assertEquals(d.servers(), d.effectiveServers(List.of()));
    }

    @Test
    void unusableValuesAreRefusedNamingTheKey() {
        for (var bad : List.of(Map.of(LlmSettings.SLOTS_PER_SERVER, "two"), Map.of(LlmSettings.SLOTS_PER_SERVER, "0"),
                Map.of(LlmSettings.READ_TIMEOUT_SECONDS, "-5"), Map.of(LlmSettings.SERVERS, "localhost:1234"))) {
            var key = bad.keySet().iterator().next();
            InvalidSettingException refused = assertThrows(InvalidSettingException.class,
                    () -> LlmSettings.from(TestSettings.with(bad)));
            assertEquals(key, refused.key());
            assertTrue(refused.getMessage().contains(key) && refused.getMessage().contains(bad.get(key)),
                    refused.getMessage());
        }
    }
}
