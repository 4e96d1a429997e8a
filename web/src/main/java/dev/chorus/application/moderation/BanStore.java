package dev.chorus.application.moderation;

import java.util.List;
import java.util.Optional;

/**
 * The bans, cluster-wide and durable (a restart keeps them). {@link #active} is asked on every POST, so an
 * implementation answers it from memory and keeps that copy fresh: a ban added or removed on any member holds on
 * every member within a second or two.
 */
public interface BanStore {

    void add(Ban ban);

    /** False when there was no such ban. */
    boolean remove(String id);

    /** The bans in force at {@code now}, newest first. */
    List<Ban> active(long now);

    Optional<Ban> find(String id);
}
