package dev.chorus.testing;

import org.junit.jupiter.api.Assumptions;

import java.util.function.Supplier;

/**
 * What a test needs from the machine beyond JDK and Maven (PostgreSQL, Chromium, iptables, wrk). On a developer's
 * machine a missing one skips the test with a sentence saying how to enable it, so the README's test command runs
 * anywhere. Where everything must run — CI, whose {@code .ci/run} installs all of them and exports
 * {@code CHORUS_REQUIRE_ALL_TESTS=1} — a missing one fails the test instead: a skip there would hide a drill that
 * never ran behind a green build.
 */
public final class Prerequisites {
    static final String REQUIRE_ALL = "CHORUS_REQUIRE_ALL_TESTS";

    private Prerequisites() {
    }

    /** Returns if {@code present}; otherwise skips the test, or fails it where every test must run. */
    public static void require(boolean present, Supplier<String> howToEnable) {
        if (present) {
            return;
        }
        if (allRequired()) {
            throw new AssertionError(howToEnable.get() + " (" + REQUIRE_ALL + " is set: nothing may be skipped)");
        }
        Assumptions.abort(howToEnable.get());
    }

    static boolean allRequired() {
        String value = System.getenv(REQUIRE_ALL);
        return value != null && !value.isBlank() && !"0".equals(value) && !"false".equalsIgnoreCase(value);
    }
}
