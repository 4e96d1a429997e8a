/**
 * SQL for the {@code messages} table (H2 or PostgreSQL). Lives in the grid library (outside the WAR) because the
 * MapStore calls it on Hazelcast threads of every member; it knows JDBC and the domain, nothing of HTTP or the grid.
 */
package dev.chorus.infrastructure.persistence.jdbc;
