package dev.chorus.domain.persona;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersonaRateLimitTest {
    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    @Test
    void noHistoryOrNoLimitsAllows() {
        assertTrue(PersonaRateLimit.check(new RateLimits(5, 1, 1), List.of(), NOW).allowed());
        assertTrue(PersonaRateLimit.check(RateLimits.UNLIMITED, List.of(NOW, NOW, NOW), NOW).allowed());
        assertTrue(PersonaRateLimit.check(null, List.of(NOW), NOW).allowed());
    }

    @Test
    void minimumGap() {
        PersonaRateLimit.Decision d = PersonaRateLimit.check(new RateLimits(5, null, null),
                List.of(NOW.minusSeconds(2)), NOW);
        assertFalse(d.allowed());
        assertEquals(Duration.ofSeconds(3), d.retryAfter());
        assertTrue(d.reason().contains("5 s"));
        assertTrue(PersonaRateLimit.check(new RateLimits(5, null, null), List.of(NOW.minusSeconds(5)), NOW).allowed());
    }

    @Test
    void perMinuteSlidingWindow() {
        List<Instant> posts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            posts.add(NOW.minusSeconds(50 - i)); // 50 s ago .. 41 s ago
        }
        PersonaRateLimit.Decision d = PersonaRateLimit.check(new RateLimits(null, 10, null), posts, NOW);
        assertFalse(d.allowed());
        assertEquals(Duration.ofSeconds(10), d.retryAfter()); // the one from 50 s ago leaves in 10 s
        assertTrue(d.reason().contains("per minute"));
        assertTrue(PersonaRateLimit.check(new RateLimits(null, 11, null), posts, NOW).allowed());
        assertTrue(PersonaRateLimit.check(new RateLimits(null, 10, null), posts, NOW.plusSeconds(10)).allowed());
    }

    @Test
    void perHour() {
        List<Instant> posts = List.of(NOW.minusSeconds(3000), NOW.minusSeconds(2000), NOW.minusSeconds(1000));
        PersonaRateLimit.Decision d = PersonaRateLimit.check(new RateLimits(null, null, 3), posts, NOW);
        assertFalse(d.allowed());
        assertEquals(Duration.ofSeconds(600), d.retryAfter());
        assertTrue(d.reason().contains("per hour"));
    }

    @Test
    void theLongestWaitWins() {
        List<Instant> posts = List.of(NOW.minusSeconds(3000), NOW.minusSeconds(1));
        PersonaRateLimit.Decision d = PersonaRateLimit.check(new RateLimits(5, 10, 2), posts, NOW);
        assertFalse(d.allowed());
        assertEquals(Duration.ofSeconds(600), d.retryAfter());
    }

    @Test
    void oldAndFuturePostsAreIgnored() {
        List<Instant> posts = List.of(NOW.minusSeconds(3601), NOW.plusSeconds(30));
        assertTrue(PersonaRateLimit.check(new RateLimits(60, 1, 1), posts, NOW).allowed());
        assertEquals(List.of(), PersonaRateLimit.prune(posts, NOW));
    }

    @Test
    void pruneSorts() {
        Instant a = NOW.minusSeconds(10);
        Instant b = NOW.minusSeconds(20);
        assertEquals(List.of(b, a), PersonaRateLimit.prune(List.of(a, b), NOW));
    }
}
