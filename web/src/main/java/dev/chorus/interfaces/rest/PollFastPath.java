package dev.chorus.interfaces.rest;

import dev.chorus.application.BoardService;
import dev.chorus.domain.InvalidMessageException;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.StorageUnavailableException;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Cursor polling ({@code GET /api/comments?after=}) answered by a servlet filter instead of JAX-RS. Polls are
 * most of the traffic (every open page, every few seconds) and the JAX-RS pipeline around a resource cost about
 * as much as the whole poll: this path does the same work (same parameters, same JSON, same errors, same
 * BoardService call) without it. Everything else on /api/comments passes on to {@link CommentsResource}.
 */
@WebFilter(urlPatterns = "/api/comments", asyncSupported = true)
public class PollFastPath extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(PollFastPath.class.getName());
    /** The board hands out the same list for the same recent question, so its bytes are rendered once. */
    private static final RenderedAnswers RENDERED = new RenderedAnswers();

    @Inject
    transient BoardService board;

    @Inject
    transient CorsPolicy cors;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // The method first: getParameter on a form-encoded POST would read its body here, blocking a thread
        // for as long as the client trickles it (BodyDeadlineFilter reads bodies without one).
        if (!"GET".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String cursor = request.getParameter("after");
        if (cursor == null) {
            cursor = request.getParameter("since");
        }
        if (cursor == null || request.getParameter("uss") != null) {
            chain.doFilter(request, response);
            return;
        }
        cors.addHeaders(request.getHeader("Origin"), response::setHeader);
        try {
            MessageType type = Queries.type(request.getParameter("type"));
            int limit = Queries.limit(request.getParameter("limit"), CommentsResource.DEFAULT_LIMIT, CommentsResource.MAX_LIMIT);
            write(response, 200, RENDERED.bytes(board.poll(Queries.cursor(cursor), type, limit)));
        } catch (InvalidMessageException e) {
            write(response, 400, ErrorBody.json(e.getMessage(), e.field()).toString());
        } catch (StorageUnavailableException e) {
            LOG.log(Level.WARNING, "Storage unavailable", e);
            response.setHeader("Retry-After", "1");
            write(response, 503, ErrorBody.json(ErrorBody.STORAGE_UNAVAILABLE, null).toString());
        }
    }

    private static void write(HttpServletResponse response, int status, String json) throws IOException {
        write(response, status, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
