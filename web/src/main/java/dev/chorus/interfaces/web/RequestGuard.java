package dev.chorus.interfaces.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Requests refused before any handler sees them, each with the JSON error:
 * <ul>
 * <li>a request line longer than {@value #MAX_URI} characters: 414; request headers over {@value #MAX_HEADERS}
 *     bytes or more than {@value #MAX_HEADER_COUNT} headers: 431 (the codec's own limits are higher; beyond them
 *     interfaces.web.codec answers the same 414/431);</li>
 * <li>{@code TRACE}, {@code TRACK}, {@code CONNECT}: 405 (a TRACE echo would reflect credentials);</li>
 * <li>any method but GET/HEAD/OPTIONS outside {@code /api/}: 405 (the page and its files are read-only;
 *     {@code POST /} must not answer with the page);</li>
 * <li>a body-carrying request to {@code /api/} with a blank {@code Content-Type}: 415;</li>
 * <li>a query parameter containing NUL ({@code %00}) or a malformed escape: 400 naming it (storage cannot hold
 *     NUL; it must not reach a query and look like an outage).</li>
 * </ul>
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true, dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ASYNC})
public class RequestGuard extends HttpFilter {
    private static final long serialVersionUID = 1L;
    static final int MAX_URI = 8192;
    static final int MAX_HEADERS = 16384;
    static final int MAX_HEADER_COUNT = 100;
    /** Also what the codec's own refusal of a longer request line says (interfaces.web.codec): one limit, one sentence. */
    public static final String ADDRESS_TOO_LONG = "The address is too long (at most " + MAX_URI + " characters)";
    /** Likewise for headers beyond the codec's buffer. */
    public static final String HEADERS_TOO_LARGE = "Request headers too large (at most " + MAX_HEADER_COUNT + " headers, "
            + MAX_HEADERS + " bytes)";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod();
        String query0 = request.getQueryString();
        if (request.getRequestURI().length() + (query0 == null ? 0 : query0.length()) > MAX_URI) {
            OncePerMinute.log("414 uri", "request line too long");
            JsonError.write(response, 414, ADDRESS_TOO_LONG, null);
            return;
        }
        if (headerBytes(request) > MAX_HEADERS) {
            OncePerMinute.log("431 headers", "request headers too large");
            response.setHeader("Connection", "close");
            JsonError.write(response, 431, HEADERS_TOO_LARGE, null);
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean api = path.startsWith("/api/") || "/api".equals(path);
        if ("TRACE".equals(method) || "TRACK".equals(method) || "CONNECT".equals(method)
                || (!api && !"GET".equals(method) && !"HEAD".equals(method) && !"OPTIONS".equals(method))) {
            OncePerMinute.log("405 method", method + " " + path);
            response.setHeader("Allow", api ? "GET, POST, PATCH, DELETE, OPTIONS" : "GET, HEAD");
            JsonError.write(response, 405, "Method not allowed", null);
            return;
        }
        if (api && ("POST".equals(method) || "PATCH".equals(method) || "PUT".equals(method))) {
            String type = request.getHeader("Content-Type");
            if (type != null && type.isBlank()) {
                JsonError.write(response, 415, "Content-Type must be application/json", null);
                return;
            }
        }
        String query = request.getQueryString();
        if (query != null && (query.indexOf('%') >= 0 || query.indexOf('\u0000') >= 0)) {
            String bad = badParameter(query);
            if (bad != null) {
                OncePerMinute.log("400 query", "parameter " + bad + " refused");
                JsonError.write(response, 400, "Query parameter " + bad
                        + " must not contain NUL or control characters, and escapes must be valid UTF-8", bad);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static int headerBytes(HttpServletRequest request) {
        int total = 0;
        int count = 0;
        for (var names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (var values = request.getHeaders(name); values.hasMoreElements(); ) {
                total += name.length() + values.nextElement().length() + 4;
                count++;
            }
        }
        return count > MAX_HEADER_COUNT ? Integer.MAX_VALUE : total;
    }

    /** The name of the first parameter whose name or value is malformed or holds a control character, else null. */
    static String badParameter(String query) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name;
            try {
                name = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (hasControl(name) || hasControl(value) || value.indexOf('\uFFFD') >= 0) {
                    return safeName(name);
                }
            } catch (IllegalArgumentException e) {
                return safeName(rawName);
            }
        }
        return null;
    }

    private static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String safeName(String name) {
        String clean = name.replaceAll("[^A-Za-z0-9_.-]", "").toLowerCase(Locale.ROOT);
        return clean.isEmpty() ? "query" : clean.length() > 32 ? clean.substring(0, 32) : clean;
    }
}
