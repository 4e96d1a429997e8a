/**
 * Operator endpoints served by the application itself instead of the container, so that their details are
 * given only to operators: {@code /health/*} (status to anyone, details with the bot credential or from a
 * management address) and {@code /metrics} (credential or management address only).
 */
package dev.chorus.interfaces.ops;
