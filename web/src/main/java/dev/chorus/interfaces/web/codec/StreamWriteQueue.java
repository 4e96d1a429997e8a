package dev.chorus.interfaces.web.codec;

import dev.chorus.interfaces.sse.StreamServlet;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.asyncqueue.AsyncQueueEnabledTransport;

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
    private final int streamBytes;

    StreamWriteQueue(int streamBytes) {
        this.streamBytes = streamBytes;
    }

    /** Gives {@code connection} the limit for a request to {@code path}. Called on the connection's read thread. */
    void limit(Connection<?> connection, String path) {
        if (StreamServlet.PATH.equals(path)) {
            connection.setMaxAsyncWriteQueueSize(streamBytes);
        } else if (connection.getMaxAsyncWriteQueueSize() == streamBytes
                && connection.getTransport() instanceof AsyncQueueEnabledTransport transport) {
            connection.setMaxAsyncWriteQueueSize(transport.getAsyncQueueIO().getWriter().getMaxPendingBytesPerConnection());
        }
    }
}
