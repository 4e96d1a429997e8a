package dev.chorus.application.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.application.bot.BotSettings;
import dev.chorus.infrastructure.config.BoardSettings;
import dev.chorus.infrastructure.config.ClusterSettings;
import dev.chorus.infrastructure.llm.LlmSettings;
import dev.chorus.infrastructure.personas.PersonaCatalog;
import dev.chorus.interfaces.HttpSettings;
import dev.chorus.interfaces.sse.StreamSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What an operator relies on: the shipped defaults are usable as they are, an environment variable changes a
 * setting, and a value Chorus cannot use stops the start with a message naming the key, its variable and the
 * value (the settings beans read every key when they are created, at deployment).
 */
class ConfigurationTest {

    /** Every number the settings beans read, with the smallest value each accepts. */
    private static final Map<String, Integer> NUMBERS = numbers();

    private static Map<String, Integer> numbers() {
        Map<String, Integer> numbers = new LinkedHashMap<>();
        numbers.put("chorus.rate-limit.per-minute", 0);
        numbers.put("chorus.window.capacity", 1);
        numbers.put("chorus.messages.max-in-memory", 1);
        numbers.put("chorus.http.body-timeout-millis", 100);
        numbers.put("chorus.stream.heartbeat-seconds", 1);
        numbers.put("chorus.stream.tick-millis", 50);
        numbers.put("chorus.stream.batch", 1);
        numbers.put("chorus.stream.max-subscribers", 1);
        numbers.put("chorus.stream.max-per-address", 1);
        numbers.put("chorus.stream.buffer-bytes", 4096);
        numbers.put("chorus.stream.stall-millis", 100);
        numbers.put("chorus.post.timeout-seconds", 1);
        numbers.put("chorus.bot.max-attempts", 1);
        numbers.put("chorus.bot.max-age-minutes", 1);
        numbers.put("chorus.bot.tick-millis", 50);
        numbers.put("chorus.bot.reconcile-seconds", 1);
        numbers.put("chorus.bot.backoff-base-millis", 0);
        numbers.put("chorus.bot.backoff-cap-seconds", 0);
        numbers.put("chorus.llm.slots-per-server", 1);
        numbers.put("chorus.llm.read-timeout-seconds", 1);
        numbers.put("chorus.llm.connect-timeout-seconds", 1);
        numbers.put("chorus.llm.probe-timeout-millis", 1);
        numbers.put("chorus.llm.breaker-failures", 1);
        numbers.put("chorus.llm.breaker-open-seconds", 1);
        return numbers;
    }

    /** What deployment does: create every settings bean. */
    private static void deploy(Settings settings) {
        new HttpSettings(settings);
        new StreamSettings(settings);
        new BoardSettings(settings);
        new ClusterSettings(settings);
        new BotSettings(settings);
        new PersonaCatalog(settings);
        LlmSettings.from(settings);
    }

    @Test
    void theShippedDefaultsDeployAndMeanWhatTheReadmeSays() {
        Settings defaults = TestSettings.defaults();
        deploy(defaults);

        HttpSettings http = new HttpSettings(defaults);
        assertEquals(Optional.empty(), http.botToken(), "no credential unless one is configured");
        assertEquals(List.of("*"), http.allowedOrigins());
        assertEquals(List.of(), http.trustedProxies());
        assertEquals(List.of(), http.managementAddresses());
        assertEquals(10_000, http.bodyTimeoutMillis());
        StreamSettings stream = new StreamSettings(defaults);
        assertEquals(15, stream.streamHeartbeatSeconds());
        assertEquals(16, stream.streamMaxPerAddress());
        BoardSettings board = new BoardSettings(defaults);
        assertEquals(10, board.postsPerMinute());
        assertEquals(500, board.windowCapacity());
        ClusterSettings cluster = new ClusterSettings(defaults);
        assertEquals(Duration.ofSeconds(10), cluster.postTimeout());
        assertEquals(1, cluster.minimumMembers(2), "auto: one of two");
        assertEquals(2, cluster.minimumMembers(3), "auto: a majority of three");
        BotSettings bot = new BotSettings(defaults);
        assertTrue(bot.enabled());
        assertFalse(bot.dryRun());
        assertEquals(Duration.ofMinutes(120), bot.maxAge());
        assertEquals(1000, bot.backoff().delayMillis(1));
        assertEquals(60_000, bot.backoff().delayMillis(20));
    }

    @Test
    void environmentValuesOverrideTheDefaults() {
        Settings settings = TestSettings.with(Map.of(
                "chorus.bot.token", " secret ",
                "chorus.trusted-proxies", "127.0.0.1, 10.0.0.1,, 0:0:0:0:0:0:0:1",
                "chorus.cluster.min-size", "3",
                "chorus.bot.enabled", "off",
                "chorus.bot.dry-run", "yes"));
        HttpSettings http = new HttpSettings(settings);
        assertEquals(Optional.of("secret"), http.botToken());
        assertEquals(List.of("127.0.0.1", "10.0.0.1", "::1"), http.trustedProxies(), "canonical");
        assertEquals(3, new ClusterSettings(settings).minimumMembers(5));
        BotSettings bot = new BotSettings(settings);
        assertFalse(bot.enabled());
        assertTrue(bot.dryRun());
        assertEquals(Optional.empty(), new HttpSettings(TestSettings.with(Map.of("chorus.bot.token", " ")))
                .botToken(), "a blank credential is no credential");
    }

    @Test
    void everyNumberThatIsNotOneOrTooSmallIsRefusedNamingTheKeyAndTheValue() {
        NUMBERS.forEach((key, min) -> {
            for (String bad : List.of("soon", "1.5", String.valueOf(min - 1))) {
                refused(key, bad);
            }
            deploy(TestSettings.with(Map.of(key, String.valueOf(min)))); // the minimum itself is fine
        });
    }

    @Test
    void otherUnusableValuesAreRefusedNamingTheKey() {
        refused("chorus.bot.enabled", "maybe");
        refused("chorus.bot.dry-run", "sometimes");
        refused("chorus.cluster.min-size", "most");
        refused("chorus.cluster.min-size", "0");
        refused("chorus.llm.servers", "localhost:1234");
        refused("chorus.trusted-proxies", "127.0.0.1, proxy.internal");
    }

    @Test
    void anOperatorCredentialEqualToTheBotsStopsTheStartNamingBothKeysNotTheValue() {
        InvalidSettingException refused = assertThrows(InvalidSettingException.class, () -> deploy(TestSettings.with(
                Map.of("chorus.bot.token", "s3cret-token", "chorus.operator.token", " s3cret-token "))));
        assertEquals("chorus.operator.token", refused.key());
        assertTrue(refused.getMessage().contains("CHORUS_OPERATOR_TOKEN"), refused.getMessage());
        assertTrue(refused.getMessage().contains("CHORUS_BOT_TOKEN"), refused.getMessage());
        assertFalse(refused.getMessage().contains("s3cret-token"), "a secret in the log: " + refused.getMessage());
        deploy(TestSettings.with(Map.of("chorus.bot.token", "one", "chorus.operator.token", "two")));
    }

    @Test
    void aKeyWithoutItsDefaultStopsTheStartNamingIt() {
        Settings empty = new Settings(key -> Optional.empty());
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> new BoardSettings(empty));
        assertTrue(missing.getMessage().startsWith("chorus.rate-limit.per-minute (CHORUS_RATE_LIMIT_PER_MINUTE)"),
                missing.getMessage());
    }

    private static void refused(String key, String value) {
        InvalidSettingException refused = assertThrows(InvalidSettingException.class,
                () -> deploy(TestSettings.with(Map.of(key, value))), key + "=" + value);
        assertEquals(key, refused.key());
        assertEquals(value, refused.value());
        assertTrue(refused.getMessage().startsWith(key + " (" + Settings.environmentVariable(key) + ") must be "),
                refused.getMessage());
        assertTrue(refused.getMessage().endsWith("\"" + value + "\""), refused.getMessage());
    }
}
