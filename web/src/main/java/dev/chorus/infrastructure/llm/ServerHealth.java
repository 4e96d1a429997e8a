package dev.chorus.infrastructure.llm;

/** What the last probe (or call) said about a server. */
public enum ServerHealth {
    /** Not probed yet: usable, ranked after servers known to be up. */
    UNKNOWN,
    /** Answered its last probe. */
    UP,
    /** Did not answer its last probe, or refused a connection since: not used until a probe succeeds. */
    DOWN
}
