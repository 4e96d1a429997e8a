/**
 * Hazelcast MapStore / MapLoader adapters between the grid maps and the JDBC repository. Hazelcast creates
 * them by class name on every member, so they live in the grid library, outside the WAR.
 */
package dev.chorus.infrastructure.grid.mapstore;
