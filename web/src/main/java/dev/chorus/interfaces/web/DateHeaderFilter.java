package dev.chorus.interfaces.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Every response carries a {@code Date} header (Payara Micro sends none by default). The page compares it with
 * its own clock to show "2 min ago" correctly on a machine whose clock is off.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class DateHeaderFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setDateHeader("Date", System.currentTimeMillis());
        chain.doFilter(request, response);
    }
}
