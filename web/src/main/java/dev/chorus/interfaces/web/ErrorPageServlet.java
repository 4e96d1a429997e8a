package dev.chorus.interfaces.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The container's error pages (web.xml {@code <error-page>}): every error the web container answers itself —
 * unknown paths, {@code /WEB-INF/*}, static file errors, a refused method, an exception that escaped — gets
 * the JSON error body of docs/api.md instead of the server's HTML page (which names the product and version). Never
 * a stack trace: an escaped exception is logged once a minute, without it.
 */
@WebServlet(urlPatterns = ErrorPageServlet.PATH)
public class ErrorPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/chorus-error";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : 404;
        Object error = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (error instanceof Throwable t) {
            OncePerMinute.log("500 " + t.getClass().getSimpleName(), "unexpected error on "
                    + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) + ": " + t);
            status = 500;
        }
        if (status == 405) {
            response.setHeader("Allow", "GET, HEAD");
        }
        if (status == 408 || status == 400 || status == 413) {
            response.setHeader("Connection", "close");
        }
        SecurityHeaders.add(request, response);
        JsonError.write(response, status, describe(status), null);
    }

    static String describe(int status) {
        return switch (status) {
            case 400 -> "Bad request: the request is malformed";
            case 401 -> "This needs the bot credential";
            case 403, 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Only application/json responses are available";
            case 408 -> "The request did not arrive in time; send it again";
            case 411 -> "A body needs a Content-Length or chunked encoding";
            case 413 -> "Body larger than 64 KiB";
            case 414 -> "The address is too long";
            case 415 -> "Content-Type must be application/json";
            case 431 -> "Request headers too large";
            case 503 -> "Temporarily unavailable; try again shortly";
            default -> status >= 500 ? "Internal server error" : "Request refused";
        };
    }
}
