/**
 * The board on Payara's Hazelcast data grid: map configuration and the adapters the application uses. The
 * classes Hazelcast deserialises (processors, map stores) are in sub-packages shipped outside the WAR.
 */
package dev.chorus.infrastructure.grid;
