package dev.chorus.domain.persona;

import java.io.Serializable;

/**
 * The sampling parameters a persona sends with each completion. Every one is optional: {@code null} means "not sent,
 * the server's default applies".
 *
 * @param temperature   0-5
 * @param maxTokens     at least 1
 * @param topP          0-1
 * @param topK          at least 0
 * @param repeatPenalty greater than 0
 * @param minP          0-1
 */
public record SamplingParams(Double temperature, Integer maxTokens, Double topP, Integer topK, Double repeatPenalty,
                             Double minP) implements Serializable {

    /** Nothing set: every value is the server's default. */
    public static final SamplingParams DEFAULTS = new SamplingParams(null, null, null, null, null, null);

    public SamplingParams {
        range("temperature", temperature, 0, 5);
        if (maxTokens != null && maxTokens < 1) {
            throw new InvalidPersonaException("maxTokens", "maxTokens must be at least 1");
        }
        range("topP", topP, 0, 1);
        if (topK != null && topK < 0) {
            throw new InvalidPersonaException("topK", "topK must not be negative");
        }
        if (repeatPenalty != null && (!Double.isFinite(repeatPenalty) || repeatPenalty <= 0)) {
            throw new InvalidPersonaException("repeatPenalty", "repeatPenalty must be greater than 0");
        }
        range("minP", minP, 0, 1);
    }

    private static void range(String field, Double value, double min, double max) {
        if (value != null && (!Double.isFinite(value) || value < min || value > max)) {
            throw new InvalidPersonaException(field, field + " must be between " + fmt(min) + " and " + fmt(max));
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
