/**
 * The operator's moderation: hiding a message for every reader (and showing it again), bans of a client address
 * or a username, and the audit log of what operators did. Needs the operator credential; the ports it uses
 * ({@link dev.chorus.application.moderation.BanStore}, {@link dev.chorus.application.moderation.AuditLog}) are
 * implemented in {@code infrastructure.persistence}.
 */
package dev.chorus.application.moderation;
