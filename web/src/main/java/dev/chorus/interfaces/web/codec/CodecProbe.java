package dev.chorus.interfaces.web.codec;

import dev.chorus.interfaces.web.OncePerMinute;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpPacket;
import org.glassfish.grizzly.http.HttpProbe;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;

/**
 * Told by Payara's HTTP codec of each read, each parsed request header, each body chunk and each parse error
 * (all on the connection's read thread, in that order):
 * <ul>
 * <li>a parse error: writes the JSON answer ({@link CodecReplies}) just before the codec writes its own empty
 *     one, which then finds the response committed and sends nothing more, and closes the connection;</li>
 * <li>a parsed header whose path the container cannot normalise ({@link AddressRules}): throws, which the
 *     codec (whose call to its probes is inside its parse error handling) turns into a parse error, so such a
 *     request never reaches the container and is answered like any other malformed one;</li>
 * <li>reads, headers, bodies and an accepted upgrade (101): the {@link HeaderDeadline} phases;</li>
 * <li>a parsed header: the connection's write queue limit for what it asks for ({@link StreamWriteQueue}).</li>
 * </ul>
 */
final class CodecProbe extends HttpProbe.Adapter {
    /** The path cannot be normalised: the codec refuses the request (see the class comment). */
    static final class AddressRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AddressRefused() {
            super("request path cannot be normalised", null, false, false);
        }
    }

    private final HeaderDeadline deadline;
    private final StreamWriteQueue streamQueue;

    CodecProbe(HeaderDeadline deadline, StreamWriteQueue streamQueue) {
        this.deadline = deadline;
        this.streamQueue = streamQueue;
    }

    @Override
    public void onDataReceivedEvent(Connection connection, Buffer buffer) {
        deadline.bytesArrived(connection);
    }

    @Override
    public void onHeaderParseEvent(Connection connection, HttpHeader header, int size) {
        if (header instanceof HttpRequestPacket request) {
            deadline.headersComplete(connection, request.isExpectContent());
            String path = request.getRequestURIRef().getRequestURIBC().toString(StandardCharsets.ISO_8859_1);
            String mapped = AddressRules.mapped(path);
            if (mapped == null) {
                throw new AddressRefused();
            }
            streamQueue.limit(connection, mapped);
        }
    }

    @Override
    public void onHeaderSerializeEvent(Connection connection, HttpHeader header, Buffer buffer) {
        if (header instanceof HttpResponsePacket response && response.getStatus() == 101) {
            deadline.upgraded(connection);
        }
    }

    @Override
    public void onContentChunkParseEvent(Connection connection, HttpContent content) {
        if (content.isLast()) {
            deadline.bodyComplete(connection);
        }
    }

    @Override
    public void onErrorEvent(Connection connection, HttpPacket packet, Throwable error) {
        if (!(packet instanceof HttpRequestPacket request)) {
            return; // an error writing a response: nothing to answer
        }
        try {
            if (!deadline.refused(connection) || request.getResponse().isCommitted()) {
                return; // the 408 went already, or the application had answered
            }
            CodecReplies.Reply reply = CodecReplies.forError(request, error);
            OncePerMinute.log(reply.kind(), error.getMessage() + " from " + connection.getPeerAddress());
            CodecReplies.answer(connection, request, reply);
        } catch (RuntimeException e) {
            // Never let the answer break the codec's own refusal: it still sends its empty one and closes.
            OncePerMinute.log("codec answer", "could not be written: " + e);
        }
    }
}
