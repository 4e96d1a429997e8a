package dev.chorus.domain;

/** The mixing step of a window's history fingerprint ({@link RecentWindow#chain()}): deterministic on every JVM. */
final class Chain {
    private Chain() {
    }

    static long mix(long chain, long value) {
        long h = (chain ^ value) * 0x9E3779B97F4A7C15L; // the golden-ratio multiplier of Fibonacci hashing
        return h ^ (h >>> 31);
    }

    /** A string's part: String.hashCode is the same on every JVM (Object and enum hash codes are not). */
    static long mix(long chain, String value) {
        return mix(chain, value.hashCode());
    }
}
