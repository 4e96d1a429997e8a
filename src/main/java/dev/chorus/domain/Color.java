package dev.chorus.domain;

import java.io.Serializable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A color as the wire carries it: nine digits, three per channel, each 000-255 ({@code 255000128}). */
public record Color(String digits) implements Serializable {
    private static final Pattern NINE_DIGITS = Pattern.compile("\\d{9}");
    private static final Pattern RGB = Pattern.compile("rgb\\(\\s*(\\d{1,3})\\s*,\\s*(\\d{1,3})\\s*,\\s*(\\d{1,3})\\s*\\)",
            Pattern.CASE_INSENSITIVE);

    public Color {
        if (digits == null || !NINE_DIGITS.matcher(digits).matches()
                || channel(digits, 0) > 255 || channel(digits, 1) > 255 || channel(digits, 2) > 255) {
            throw new InvalidMessageException("color", "color must be RRRGGGBBB (each 000-255) or rgb(r, g, b)");
        }
    }

    /** Accepts {@code RRRGGGBBB} or {@code rgb(r, g, b)}. */
    public static Color parse(String text) {
        if (text == null) {
            throw new InvalidMessageException("color", "color must be RRRGGGBBB (each 000-255) or rgb(r, g, b)");
        }
        Matcher rgb = RGB.matcher(text.trim());
        if (rgb.matches()) {
            return of(Integer.parseInt(rgb.group(1)), Integer.parseInt(rgb.group(2)), Integer.parseInt(rgb.group(3)));
        }
        return new Color(text.trim());
    }

    public static Color of(int red, int green, int blue) {
        return new Color(String.format("%03d%03d%03d", red, green, blue));
    }

    /** A bright color: one channel full, one low, one anywhere, so names stay readable on a dark board. */
    public static Color randomBright() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
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
