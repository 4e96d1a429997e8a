package dev.chorus.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: for requests no well-behaved client would send
 * (blank Content-Type, TRACE, over-long lines, invalid UTF-8, conflicting framing, slow bodies).
 */
public final class RawHttp {
    private RawHttp() {
    }

    /** A parsed response: status, headers (lower-case names), body text. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Sends {@code request} (complete, with its own headers) and reads one response. */
    public static Response exchange(URI base, byte[] request, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(timeoutMillis);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    public static Response exchange(URI base, String request) throws IOException {
        return exchange(base, request.getBytes(StandardCharsets.UTF_8), 15_000);
    }

    /** Reads one response: headers, then a Content-Length or chunked body, or up to the connection's end. */
    public static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("no HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String length = headers.get("content-length");
        String encoding = headers.get("transfer-encoding");
        if (length != null) {
            body.write(in.readNBytes(Integer.parseInt(length)));
        } else if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            for (int size = Integer.parseInt(line(in).trim().split(";")[0], 16); size > 0;
                 size = Integer.parseInt(line(in).trim().split(";")[0], 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                // trailers, then the empty line that ends the message: the connection may carry another
            }
        } else if (status != 204 && status != 304) {
            try {
                body.write(in.readAllBytes());
            } catch (SocketTimeoutException e) {
                // a kept-alive connection without framing: what came is the body
            }
        }
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
