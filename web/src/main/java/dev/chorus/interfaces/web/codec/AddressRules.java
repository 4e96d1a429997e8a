package dev.chorus.interfaces.web.codec;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.glassfish.grizzly.http.util.DataChunk;
import org.glassfish.grizzly.http.util.HttpRequestURIDecoder;

/**
 * Whether the web container can decode and normalise a request's path. It refuses one it cannot (an encoded
 * {@code ..} above the root, NUL, a backslash, invalid UTF-8) with an empty 400, and one with a malformed escape
 * ({@code /a%zz}, a lone {@code %}) even with an empty 200 and a SEVERE stack trace in the log; both happen in
 * Catalina's {@code CoyoteAdapter.postParseRequest}, before any filter or error page runs. So the codec probe asks
 * here first and refuses such a request itself, with the JSON error.
 *
 * <p>The check makes the container's own call on a copy of the path — {@link HttpRequestURIDecoder} with the
 * defaults of {@code RequestURIRef.getDecodedRequestURIBC()}, which is what {@code CoyoteAdapter} calls (encoded
 * slashes allowed, UTF-8) — plus Catalina's one rule the decoder lacks (the path starts with {@code /}). So it
 * refuses what the container would refuse or fail on, and never touches the request's own decoded form.
 * AddressRulesTest holds the paths measured against a real member.
 */
final class AddressRules {
    private static final Pattern PATH_PARAMETER = Pattern.compile(";[^/]*");
    private AddressRules() {
    }

    /** True if the container can serve {@code path} (the raw request path, without the query). */
    static boolean servable(byte[] path) {
        return decoded(path) != null;
    }

    /**
     * The path as the container maps it to a servlet — decoded, normalised, and without path parameters
     * ({@code ;name=value}, which Catalina drops before mapping) — or {@code null} if it cannot serve it.
     */
    static String mapped(String path) {
        String decoded = decoded(path.getBytes(StandardCharsets.ISO_8859_1));
        // Every request passes here: only a path that has parameters pays for removing them.
        return decoded == null || decoded.indexOf(';') < 0 ? decoded : PATH_PARAMETER.matcher(decoded).replaceAll("");
    }

    /** The decoded, normalised path, or {@code null} if the container would refuse or fail on it. */
    private static String decoded(byte[] path) {
        DataChunk original = DataChunk.newInstance();
        original.setBytes(path.clone());
        // Exactly the path's length, as RequestURIRef allocates for a fresh request. With it the container's
        // normaliser fails on a path ending in "/." or "/.." (it appends a '/' past the end of the array): an
        // empty 200 and a SEVERE stack trace, or the page when a reused request object had a longer buffer.
        // Refusing those is the one place this is stricter than the container on a given request; no client
        // sends them (RFC 3986 clients remove dot segments before sending).
        DataChunk decoded = DataChunk.newInstance();
        decoded.setBytes(new byte[path.length]);
        try {
            HttpRequestURIDecoder.decode(original, decoded, true, StandardCharsets.UTF_8);
            String text = decoded.toString();
            return "*".equals(text) || text.startsWith("/") ? text : null;
        } catch (Exception e) {
            // CharConversionException (normalisation, UTF-8), IllegalArgumentException or IllegalStateException
            // (a malformed or cut-off escape), ArrayIndexOutOfBoundsException (a trailing dot segment, above)
            return null;
        }
    }

    static boolean servable(String path) {
        return servable(path.getBytes(StandardCharsets.ISO_8859_1));
    }
}
