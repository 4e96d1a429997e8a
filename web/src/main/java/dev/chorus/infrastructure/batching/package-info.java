/**
 * One thread that serves a queue in batches ({@link dev.chorus.infrastructure.batching.BatchWorker}): what the
 * grid's coalesced window calls and the database's group commit share. No Hazelcast, no SQL here.
 */
package dev.chorus.infrastructure.batching;
