package dev.chorus.interfaces.web.codec;

import dev.chorus.interfaces.sse.StreamServlet;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;

/**
 * A live-push connection's write queue limit, set when its request header is parsed. Grizzly lets a connection
 * queue up to its limit before {@code ServletOutputStream.isReady()} turns false; the transport's limit (four times
 * {@code socket-write-buffer-size}: 512 KiB, {@code server-config/preboot.asadmin}) is right for answers that are
 * written once, but a stream is written for as long as it is open, so a reader that stops reading fills its queue
 * to the limit and the member holds that until the stall limit drops it. Measured (docs/performance.md, "Ten
 * thousand live readers"): 500 such readers beside 9,500 that read took a 512 MB heap to {@code OutOfMemoryError} at
 * 512 KiB each. A stream needs far less: its events are small and the live push writes only while the connection
 * is ready. Limiting the stream's connection alone keeps the socket's send buffer, and every other answer, as they
 * were. A keep-alive connection that asks for something else next gets the transport's limit back.
 */
final class StreamWriteQueue {
    /**
     * The limit the connection had before a stream request changed it. Kept on the connection because the
     * transport's own setting is no number to put back: it is "auto" (-2), which each connection turns into four
     * times its socket's send buffer when it is set up.
     */
    private final Attribute<Integer> ownLimit = Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
            StreamWriteQueue.class.getName() + ".ownLimit");
    private final int streamBytes;

    StreamWriteQueue(int streamBytes) {
        this.streamBytes = streamBytes;
    }

    /**
     * Gives {@code connection} the limit for a request to {@code path}, the path as the container maps it
     * ({@link AddressRules#mapped}: {@code /api//stream} or {@code /api/%73tream} is the stream too). Called on
     * the connection's read thread.
     */
    void limit(Connection<?> connection, String path) {
        Integer own = ownLimit.get(connection);
        if (StreamServlet.PATH.equals(path)) {
            if (own == null) {
                ownLimit.set(connection, connection.getMaxAsyncWriteQueueSize());
            }
            connection.setMaxAsyncWriteQueueSize(streamBytes);
        } else if (own != null) {
            ownLimit.remove(connection);
            connection.setMaxAsyncWriteQueueSize(own);
        }
    }
}
