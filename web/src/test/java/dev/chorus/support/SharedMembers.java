package dev.chorus.support;

/**
 * The member configurations that several test classes share (one member each for the whole run, see
 * {@link ChorusMembers#shared()}), named here so that classes asking for the same one really get the same one.
 */
public final class SharedMembers {
    private SharedMembers() {
    }

    /**
     * One H2 member with the default rate limit, trusting X-Forwarded-For from loopback (browsers simulate client
     * addresses through it). For classes that only check their own messages and never stop the member.
     */
    public static ChorusMembers readMostly() {
        return ChorusMembers.one().env("CHORUS_TRUSTED_PROXIES", "127.0.0.1").shared();
    }
}
