/**
 * Hazelcast entry processors: the only code that changes the recent window, messages and rate counters.
 * Each runs on the key's owner, one at a time, so concurrent writers cannot lose updates; each is idempotent
 * (Hazelcast may run one again when a member leaves) and ships its computed value to the backup rather than
 * recomputing it there. Lives in the grid library, outside the WAR, because every member deserialises it.
 */
package dev.chorus.infrastructure.grid.processors;
