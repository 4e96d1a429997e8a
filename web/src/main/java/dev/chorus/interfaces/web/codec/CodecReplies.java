package dev.chorus.interfaces.web.codec;

import dev.chorus.interfaces.web.JsonError;
import dev.chorus.interfaces.web.RequestGuard;
import dev.chorus.interfaces.web.SecurityHeaders;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpPacketParsing;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.MimeHeaders;
import org.glassfish.grizzly.memory.Buffers;

/**
 * What the codec's refusals say: the status (the codec's, or the one the application gives the same fault
 * above the codec: 414, 431), a sentence for a person in the JSON error of docs/api.md, the headers every answer
 * carries (security headers, {@code Server: chorus}), {@code Connection: close}.
 */
final class CodecReplies {
    /** One answer: status, reason phrase, the kind logged once a minute, the message. */
    record Reply(int status, String reason, String kind, String message) {
    }

    static final String MALFORMED = "Bad request: the request line or a header is malformed (header names and values "
            + "must be visible ASCII, each header on one line ending in CRLF)";
    static final String BAD_ADDRESS = "The address is not valid: escapes must be %XX with valid UTF-8, and the path "
            + "must not contain NUL or backslashes or climb above the root (/../)";
    static final String BAD_FRAMING = "Bad request: the body's framing is malformed (Content-Length or chunked encoding)";
    static final String NO_HOST = "Bad request: an HTTP/1.1 request needs a Host header";
    static final String VERSION = "Only HTTP/1.0 and HTTP/1.1 are served";
    static final String HEADERS_LATE = "The request headers did not arrive in time; send the request again";
    /** The codec's messages for its buffer limits (HttpCodecFilter, Grizzly 4.0.2 as Payara builds it). */
    private static final String CODEC_HEADER_TOO_LARGE = "HTTP packet header is too large";
    private static final String CODEC_LINE_TOO_LARGE = "HTTP packet intial line is too large";
    /** The codec's message when its checks after the headers fail (no Host, and others). */
    private static final String CODEC_SEMANTICS = "Bad HTTP headers";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US);

    private CodecReplies() {
    }

    /** The answer to a request the codec refused with {@code error}; the codec may have set a status already. */
    static Reply forError(HttpRequestPacket request, Throwable error) {
        String message = String.valueOf(error.getMessage());
        if (error instanceof CodecProbe.AddressRefused) {
            return new Reply(400, "Bad Request", "400 address", BAD_ADDRESS);
        }
        if (error instanceof MimeHeaders.MaxHeaderCountExceededException || message.contains(CODEC_HEADER_TOO_LARGE)) {
            return new Reply(431, "Request Header Fields Too Large", "431 codec headers", RequestGuard.HEADERS_TOO_LARGE);
        }
        if (message.contains(CODEC_LINE_TOO_LARGE)) {
            return new Reply(414, "URI Too Long", "414 codec line", RequestGuard.ADDRESS_TOO_LONG);
        }
        if (request.getResponse().getStatus() == 505) {
            return new Reply(505, "HTTP Version Not Supported", "505 version", VERSION);
        }
        if (request instanceof HttpPacketParsing parsing && parsing.isHeaderParsed()) {
            return new Reply(400, "Bad Request", "400 framing", BAD_FRAMING);
        }
        if (message.contains(CODEC_SEMANTICS) && request.getHeader("Host") == null
                && "HTTP/1.1".equals(request.getProtocolString())) {
            return new Reply(400, "Bad Request", "400 no host", NO_HOST);
        }
        return new Reply(400, "Bad Request", "400 codec", MALFORMED);
    }

    /**
     * Writes {@code reply} as the response of {@code request}, through the codec itself (which adds Date and
     * Content-Length and marks the response committed, so its own empty answer that follows adds nothing).
     */
    static void answer(Connection<?> connection, HttpRequestPacket request, Reply reply) {
        HttpResponsePacket response = request.getResponse();
        if (!knownProtocol(request)) {
            // A request line the codec never finished (too long, say) reads as HTTP/0.9, for which the codec
            // writes no Content-Type or Date; the answer is HTTP/1.1 whatever the client sent.
            request.setProtocol(Protocol.HTTP_1_1);
        }
        // A request offering an upgrade (h2c, WebSocket) is marked to pass bytes through untouched, which would
        // also leave this answer without Content-Type and Date: it is refused, so it is plain HTTP/1.1 again.
        request.setIgnoreContentModifiers(false);
        response.setIgnoreContentModifiers(false);
        byte[] body = JsonError.body(reply.message(), null).getBytes(StandardCharsets.UTF_8);
        response.setStatus(reply.status());
        response.setReasonPhrase(reply.reason());
        response.setContentType("application/json");
        response.setContentLength(body.length);
        for (Map.Entry<String, String> header : SecurityHeaders.HEADERS.entrySet()) {
            response.setHeader(header.getKey(), header.getValue());
        }
        response.setHeader("Connection", "close");
        request.getProcessingState().setKeepAlive(false); // the codec closes the connection after its refusal
        connection.write(HttpContent.builder(response).content(Buffers.wrap(connection.getMemoryManager(), body))
                .last(true).build());
    }

    private static boolean knownProtocol(HttpRequestPacket request) {
        try {
            Protocol protocol = request.getProtocol();
            return protocol == Protocol.HTTP_1_0 || protocol == Protocol.HTTP_1_1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A whole response as bytes, for a connection whose request never became one (headers too late). */
    static byte[] raw(Reply reply) {
        byte[] body = JsonError.body(reply.message(), null).getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(512).append("HTTP/1.1 ").append(reply.status()).append(' ')
                .append(reply.reason()).append("\r\nDate: ").append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)))
                .append("\r\nContent-Type: application/json\r\nContent-Length: ").append(body.length)
                .append("\r\nConnection: close\r\n");
        SecurityHeaders.HEADERS.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[start.length + body.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        return all;
    }
}
