package dev.chorus.infrastructure.persistence.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * Stores a message's context lines in one text column: lines joined by newline, with backslash and newline
 * escaped. Hand-written on purpose: this code runs on Hazelcast threads where a JSON provider lookup by
 * service loader is not reliable, and the format only has to round-trip lists of strings.
 */
final class LinesCodec {
    private LinesCodec() {
    }

    static String encode(List<String> lines) {
        if (lines == null) {
            return null;
        }
        StringBuilder out = new StringBuilder("[").append(lines.size()).append(']');
        for (String line : lines) {
            out.append('\n').append(line.replace("\\", "\\\\").replace("\n", "\\n"));
        }
        return out.toString();
    }

    static List<String> decode(String stored) {
        if (stored == null) {
            return null;
        }
        int header = stored.indexOf(']');
        int count = Integer.parseInt(stored.substring(1, header));
        List<String> lines = new ArrayList<>(count);
        int start = header + 1;
        for (int i = 0; i < count; i++) {
            int from = start + 1;
            int end = stored.indexOf('\n', from);
            end = end < 0 ? stored.length() : end;
            lines.add(unescape(stored.substring(from, end)));
            start = end;
        }
        return lines;
    }

    private static String unescape(String escaped) {
        StringBuilder out = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '\\' && i + 1 < escaped.length()) {
                char next = escaped.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
