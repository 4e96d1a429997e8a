/**
 * The settings of the grid adapters (sizes, rate limit, cluster faults), read through
 * {@link dev.chorus.application.config.Settings}; defaults in META-INF/microprofile-config.properties.
 */
package dev.chorus.infrastructure.config;
