package dev.chorus.domain;

import java.io.Serializable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A color as the wire carries it: nine digits, three per channel, each 000-255 ({@code 255000128}). */
public record Color(String digits) implements Serializable {
    private static final Pattern NINE_DIGITS = Pattern.compile("\\d{9}");
    private static final Pattern HEX = Pattern.compile("#?([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})");
    private static final String RULE = "color must be RRRGGGBBB (each 000-255), rgb(r, g, b), #RRGGBB or RRGGBB";
    private static final Pattern RGB = Pattern.compile("rgb\\(\\s*(\\d{1,3})\\s*,\\s*(\\d{1,3})\\s*,\\s*(\\d{1,3})\\s*\\)",
            Pattern.CASE_INSENSITIVE);

    public Color {
        if (!isValid(digits)) {
            throw new InvalidMessageException("color", RULE);
        }
    }

    /** True when {@code digits} is nine digits {@code RRRGGGBBB} with every channel 000-255 (the stored form). */
    public static boolean isValid(String digits) {
        return digits != null && NINE_DIGITS.matcher(digits).matches()
                && channel(digits, 0) <= 255 && channel(digits, 1) <= 255 && channel(digits, 2) <= 255;
    }

    /**
     * Accepts {@code RRRGGGBBB}, {@code rgb(r, g, b)} and hex {@code #RRGGBB} / {@code RRGGBB} (what the original's
     * links such as {@code #uis=Al:FF0000} carry); always stored as nine digits.
     */
    public static Color parse(String text) {
        if (text == null) {
            throw new InvalidMessageException("color", RULE);
        }
        String trimmed = text.trim();
        Matcher rgb = RGB.matcher(trimmed);
        if (rgb.matches()) {
            return of(Integer.parseInt(rgb.group(1)), Integer.parseInt(rgb.group(2)), Integer.parseInt(rgb.group(3)));
        }
        Matcher hex = HEX.matcher(trimmed);
        if (hex.matches()) {
            return of(Integer.parseInt(hex.group(1), 16), Integer.parseInt(hex.group(2), 16),
                    Integer.parseInt(hex.group(3), 16));
        }
        return new Color(trimmed);
    }

    public static Color of(int red, int green, int blue) {
        if (red < 0 || red > 255 || green < 0 || green > 255 || blue < 0 || blue > 255) {
            throw new InvalidMessageException("color", RULE);
        }
        return new Color(String.format("%03d%03d%03d", red, green, blue));
    }

    /** A bright color: one channel full, one low, one anywhere, so names stay readable on a dark board. */
    public static Color randomBright() {
        return randomBright(ThreadLocalRandom.current());
    }

    /** {@link #randomBright()} from {@code random}: 255, one channel below 96, one from 96, in random order. */
    public static Color randomBright(RandomGenerator random) {
        int[] channels = {255, random.nextInt(0, 96), random.nextInt(96, 256)};
        for (int i = channels.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = channels[i];
            channels[i] = channels[j];
            channels[j] = swap;
        }
        return of(channels[0], channels[1], channels[2]);
    }

    private static int channel(String digits, int index) {
        return Integer.parseInt(digits.substring(index * 3, index * 3 + 3));
    }

    @Override
    public String toString() {
        return digits;
    }
}
