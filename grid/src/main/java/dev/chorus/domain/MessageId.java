package dev.chorus.domain;

import java.io.Serializable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** A message's key: 1-64 characters of {@code [A-Za-z0-9_-]}, client-chosen or {@code <ms>-<9 base36>}. */
public record MessageId(String value) implements Serializable {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public MessageId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new InvalidMessageException("id", "id must be 1-64 characters of A-Z, a-z, 0-9, _ or -");
        }
    }

    public static MessageId generate(long nowMillis) {
        StringBuilder suffix = new StringBuilder(9);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 9; i++) {
            suffix.append(Character.forDigit(random.nextInt(36), 36));
        }
        return new MessageId(nowMillis + "-" + suffix);
    }

    /** The id of the reply an entity gives to a message: derived, so a repeated attempt cannot post twice. */
    public MessageId replyBy(String entityId) {
        String candidate = value + "-r-" + entityId.replaceAll("[^A-Za-z0-9_-]", "");
        return new MessageId(candidate.length() <= 64 ? candidate : candidate.substring(0, 64));
    }

    /** The id's own (cached) String hash: RecentWindow compares hashes before ids. */
    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
