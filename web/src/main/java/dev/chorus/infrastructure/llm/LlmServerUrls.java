package dev.chorus.infrastructure.llm;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Base URLs of OpenAI-compatible servers ({@code http://host:1234/v1}): parsing, normalising, deriving the root. */
public final class LlmServerUrls {
    private LlmServerUrls() {
    }

    /**
     * An absolute http(s) URL without query, fragment or trailing slash.
     *
     * @throws IllegalArgumentException when {@code text} is not such a URL
     */
    public static URI normalize(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an LLM server URL is blank");
        }
        String t = text.trim().replaceAll("/+$", "");
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + text, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL with a host: " + text);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("an LLM server base URL takes no query or fragment: " + text);
        }
        return uri;
    }

    /** Comma-separated base URLs (blank entries ignored, duplicates dropped). */
    public static List<URI> parseList(String commaSeparated) {
        List<URI> out = new ArrayList<>();
        if (commaSeparated == null) {
            return out;
        }
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                URI uri = normalize(part);
                if (!out.contains(uri)) {
                    out.add(uri);
                }
            }
        }
        return out;
    }

    /**
     * The server's root, where LM Studio serves {@code /api/v0/...}: the base URL without a final {@code /v1}
     * segment ({@code http://h:1234/v1} gives {@code http://h:1234}). A base URL not ending in {@code /v1} is its own
     * root.
     */
    public static URI root(URI baseUrl) {
        String s = baseUrl.toString().replaceAll("/+$", "");
        if (s.endsWith("/v1")) {
            s = s.substring(0, s.length() - 3);
        }
        return URI.create(s);
    }

    /** {@code base + "/" + path}, whatever slashes either has. */
    public static URI resolve(URI base, String path) {
        String b = base.toString().replaceAll("/+$", "");
        String p = path.replaceAll("^/+", "");
        return URI.create(b + "/" + p);
    }
}
