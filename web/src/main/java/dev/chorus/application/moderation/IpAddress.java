package dev.chorus.application.moderation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address literal in one canonical form, so a ban and a client address compare as addresses, not
 * as strings: {@code 2001:0db8:0:0:0:0:0:1} and {@code 2001:db8::1} are one address, and an IPv4-mapped IPv6
 * address ({@code ::ffff:1.2.3.4}, what a dual-stack socket reports for an IPv4 client) is its IPv4 address.
 * Parsed here, character by character: never a DNS lookup (InetAddress would resolve anything that is not a
 * literal). Accepted: dotted IPv4 (four decimal parts 0-255), IPv6 in full or with {@code ::}, with an IPv4 tail,
 * in brackets, with a zone ({@code %eth0}, dropped: a ban is on the address), and with a port as proxies write
 * {@code X-Forwarded-For} hops ({@code 1.2.3.4:5678}, {@code [2001:db8::1]:443}; dropped: the client is the
 * address). Digits are ASCII only ({@link Character#digit} would take {@code ١} for 1). Canonical: IPv4 dotted decimal
 * without leading zeros; IPv6 as RFC 5952 says (lower case, no leading zeros, the longest run of two or more zero
 * groups as {@code ::}).
 */
public final class IpAddress {
    private IpAddress() {
    }

    /** The canonical form of {@code text}, or empty when it is not an IPv4 or IPv6 address literal. */
    public static Optional<String> canonical(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = withoutPort(text.strip());
        if (s == null) {
            return Optional.empty();
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            if (zone == s.length() - 1 || s.indexOf(':') < 0) {
                return Optional.empty();
            }
            s = s.substring(0, zone);
        }
        if (s.indexOf(':') < 0) {
            int[] v4 = ipv4(s);
            return v4 == null ? Optional.empty() : Optional.of(dotted(v4));
        }
        int[] groups = ipv6(s);
        if (groups == null) {
            return Optional.empty();
        }
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0
                && groups[5] == 0xffff) {
            return Optional.of(dotted(new int[] {groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff}));
        }
        return Optional.of(rfc5952(groups));
    }

    /** The canonical form of a client address; one that is not a literal (it always is, from a socket) as given. */
    public static String canonicalOrSelf(String address) {
        return canonical(address).orElse(address);
    }

    /**
     * {@code s} without brackets and a port: {@code [v6]:port} and {@code [v6]} give {@code v6}, {@code v4:port}
     * gives {@code v4}; null for a bracket or a port that is not well formed. A colon in text without brackets is
     * a port only when it is the only colon (an IPv6 address has at least two).
     */
    private static String withoutPort(String s) {
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || !(close == s.length() - 1 || isPort(s.substring(close + 1)))) {
                return null;
            }
            return s.substring(1, close);
        }
        int colon = s.indexOf(':');
        if (colon >= 0 && s.indexOf(':', colon + 1) < 0) {
            return isPort(s.substring(colon)) ? s.substring(0, colon) : null;
        }
        return s;
    }

    /** {@code :} and 1 to 5 ASCII digits, 0-65535. */
    private static boolean isPort(String s) {
        if (s.length() < 2 || s.length() > 6 || s.charAt(0) != ':'
                || !s.chars().skip(1).allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        return Integer.parseInt(s.substring(1)) <= 65_535;
    }

    private static int[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int[] bytes = new int[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            bytes[i] = Integer.parseInt(part);
            if (bytes[i] > 255) {
                return null;
            }
        }
        return bytes;
    }

    private static int[] ipv6(String s) {
        int gap = s.indexOf("::");
        if (gap < 0) {
            int[] all = groups(s, true);
            return all != null && all.length == 8 ? all : null;
        }
        if (s.indexOf("::", gap + 1) >= 0) {
            return null; // "::" at most once
        }
        int[] front = groups(s.substring(0, gap), false);
        int[] back = groups(s.substring(gap + 2), true);
        if (front == null || back == null || front.length + back.length > 7) {
            return null; // "::" stands for at least one group
        }
        int[] all = new int[8];
        System.arraycopy(front, 0, all, 0, front.length);
        System.arraycopy(back, 0, all, 8 - back.length, back.length);
        return all;
    }

    /** Colon-separated hex groups; when {@code ipv4Tail}, the last may be a dotted IPv4 address (two groups). */
    private static int[] groups(String s, boolean ipv4Tail) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int[] out = new int[parts.length + 1];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (ipv4Tail && i == parts.length - 1 && part.indexOf('.') >= 0) {
                int[] v4 = ipv4(part);
                if (v4 == null) {
                    return null;
                }
                out[n++] = v4[0] << 8 | v4[1];
                out[n++] = v4[2] << 8 | v4[3];
                continue;
            }
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int value = 0;
            for (char c : part.toCharArray()) {
                int digit = hexDigit(c);
                if (digit < 0) {
                    return null;
                }
                value = value << 4 | digit;
            }
            out[n++] = value;
        }
        return Arrays.copyOf(out, n);
    }

    /** An ASCII hex digit's value, else -1. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static String dotted(int[] bytes) {
        return bytes[0] + "." + bytes[1] + "." + bytes[2] + "." + bytes[3];
    }

    private static String rfc5952(int[] groups) {
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
