/** Adapters to the technologies Chorus runs on: the Hazelcast grid, the database, configuration. */
package dev.chorus.infrastructure;
