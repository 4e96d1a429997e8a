/**
 * Fixtures for the integration tests: real Chorus members ({@link dev.chorus.support.ChorusServer}) and the JUnit
 * extension that starts, shares and stops them ({@link dev.chorus.support.ChorusMembers}), a PostgreSQL database
 * per test class, HTTP clients, loopback aliases and firewall rules for the fault drills.
 */
package dev.chorus.support;
