package dev.chorus.interfaces.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Headers of every response: a Content-Security-Policy that lets the page run only its own script and style
 * (no inline code, no framing: {@code frame-ancestors 'none'}), {@code X-Content-Type-Options: nosniff} (an
 * API answer is never sniffed into HTML), a Referrer-Policy, and a neutral {@code Server} header (no product or
 * version; the container's own is switched off in server-config/).
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true, dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR})
public class SecurityHeaders extends HttpFilter {
    private static final long serialVersionUID = 1L;
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** Name to value, in the order sent; also what the answers written below the container carry (interfaces.web.codec). */
    public static final Map<String, String> HEADERS = headers();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        add(request, response);
        chain.doFilter(request, response);
    }

    static void add(HttpServletRequest request, HttpServletResponse response) {
        HEADERS.forEach(response::setHeader);
    }

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", CSP);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "strict-origin-when-cross-origin");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Server", "chorus");
        return java.util.Collections.unmodifiableMap(headers);
    }
}
