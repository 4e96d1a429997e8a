package dev.chorus.domain.persona;

import dev.chorus.domain.Color;
import java.io.Serializable;
import java.util.random.RandomGenerator;

/**
 * The name and color a reply is posted under: the entity's, or the message's {@code botParams.ais}
 * ({@code name:RRRGGGBBB}, or {@code name:random} for a fresh bright color), as the original bot did.
 */
public record ReplyIdentity(String username, String color) implements Serializable {

    public ReplyIdentity {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("username is required");
        }
        if (!Color.isValid(color)) {
            throw new IllegalArgumentException("color must be RRRGGGBBB");
        }
    }

    /**
     * The identity for a reply. A blank {@code ais} gives the entity's own; {@code name:random} gives a random bright
     * color (one channel 255, one below 96, one anywhere from 96); a name without a (valid) color keeps the entity's
     * color; an empty name keeps the entity's username.
     */
    public static ReplyIdentity resolve(Persona entity, String ais, RandomGenerator random) {
        if (ais == null || ais.isBlank()) {
            return new ReplyIdentity(entity.username(), entity.color());
        }
        String spec = ais.trim();
        int colon = spec.lastIndexOf(':');
        String name = (colon < 0 ? spec : spec.substring(0, colon)).trim();
        String colorPart = colon < 0 ? "" : spec.substring(colon + 1).trim();
        String username = name.isEmpty() ? entity.username() : name;
        String color;
        if ("random".equalsIgnoreCase(colorPart)) {
            color = Color.randomBright(random).digits();
        } else if (Color.isValid(colorPart)) {
            color = colorPart;
        } else {
            color = entity.color();
        }
        return new ReplyIdentity(username, color);
    }
}
