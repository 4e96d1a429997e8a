package dev.chorus.application.moderation;

import dev.chorus.domain.InvalidMessageException;
import dev.chorus.domain.TextRules;
import dev.chorus.domain.Usernames;
import java.util.Objects;

/**
 * One ban: POSTs from a client address (compared as addresses, {@link IpAddress}: {@code 2001:db8::1} is
 * {@code 2001:0db8:0:0:0:0:0:1}, {@code ::ffff:1.2.3.4} is {@code 1.2.3.4}), or under a username (compared as
 * the user search compares names), are refused until {@code expiresAt} (epoch millis) with {@code reason}.
 * Validated here, so a bad request stores nothing: one of address or username, 1 to {@value #MAX_MINUTES} minutes,
 * a reason of 1 to {@value #MAX_REASON} characters.
 */
public record Ban(String id, Kind kind, String subject, String reason, long createdAt, long expiresAt) {
    public static final int MAX_MINUTES = 525_600;
    public static final int MAX_REASON = 500;
    static final int MAX_ADDRESS = 253;

    public enum Kind {
        ADDRESS, USERNAME;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Ban {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(reason, "reason");
        if (kind == Kind.ADDRESS) {
            subject = IpAddress.canonicalOrSelf(subject); // a row stored before addresses were canonical
        }
    }

    /** A new ban as an operator asked for it; exactly one of {@code address} and {@code username}. */
    public static Ban of(String id, String address, String username, Integer minutes, String reason, long now) {
        if ((address == null) == (username == null)) {
            throw new InvalidMessageException(address == null ? "address" : "username",
                    "give exactly one of address and username");
        }
        if (minutes == null || minutes < 1 || minutes > MAX_MINUTES) {
            throw new InvalidMessageException("minutes", "minutes must be an integer from 1 to " + MAX_MINUTES);
        }
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw new InvalidMessageException("reason", "reason must not be empty");
        }
        TextRules.check("reason", why, MAX_REASON);
        Kind kind = address != null ? Kind.ADDRESS : Kind.USERNAME;
        String subject;
        if (kind == Kind.ADDRESS) {
            subject = address.length() > MAX_ADDRESS ? null : IpAddress.canonical(address).orElse(null);
            if (subject == null) {
                throw new InvalidMessageException("address", "address must be an IPv4 or IPv6 address");
            }
        } else {
            subject = Usernames.searchKey(username.strip());
            if (subject.isEmpty() || subject.length() > MAX_ADDRESS || !subject.matches("[\\p{Alnum}.:_\\-\\[\\]%]+")) {
                throw new InvalidMessageException("username", "username must contain a letter or a digit");
            }
        }
        return new Ban(id, kind, subject, why, now, now + minutes * 60_000L);
    }

    /**
     * Whether this ban refuses a post from {@code address} under {@code username} at {@code now}.
     * {@code address} is already canonical ({@link IpAddress#canonicalOrSelf}, done once per request by the
     * caller, not once per ban).
     */
    public boolean refuses(String address, String username, long now) {
        if (now >= expiresAt) {
            return false;
        }
        return kind == Kind.ADDRESS ? address != null && subject.equals(address)
                : username != null && subject.equals(Usernames.searchKey(username));
    }

    /** Whole seconds until it ends (at least 1 while it holds). */
    public long secondsLeft(long now) {
        return Math.max(1, (expiresAt - now + 999) / 1000);
    }
}
