/** Typed access to MicroProfile Config (defaults in META-INF/microprofile-config.properties, env overrides). */
package dev.chorus.infrastructure.config;
