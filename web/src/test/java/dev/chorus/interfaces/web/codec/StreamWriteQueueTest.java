package dev.chorus.interfaces.web.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.channels.SocketChannel;
import org.glassfish.grizzly.nio.transport.TCPNIOConnection;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamWriteQueue} on a real Grizzly connection (not started: only its write queue limit is looked at): a
 * live-push request gets the stream's limit, a next request on the same keep-alive connection gets the
 * transport's back, and other requests keep it. What the limit does to a member's heap is measured by
 * {@code StreamFanoutBenchmark} (docs/performance.md, "Ten thousand live readers").
 */
class StreamWriteQueueTest {
    @Test
    void aStreamRequestGetsItsOwnLimitAndTheNextRequestTheTransportsAgain() throws Exception {
        TCPNIOTransport transport = TCPNIOTransportBuilder.newInstance().build();
        try (SocketChannel channel = SocketChannel.open()) {
            TCPNIOConnection connection = new TCPNIOConnection(transport, channel);
            int transportLimit = 512 * 1024; // what a connection of the server's transport has, 4 x its send buffer
            connection.setMaxAsyncWriteQueueSize(transportLimit);
            StreamWriteQueue queue = new StreamWriteQueue(16 * 1024);

            queue.limit(connection, "/api/comments");
            assertEquals(transportLimit, connection.getMaxAsyncWriteQueueSize(), "other answers keep the transport's");
            queue.limit(connection, "/api/stream");
            assertEquals(16 * 1024, connection.getMaxAsyncWriteQueueSize());
            queue.limit(connection, "/api/comments");
            assertEquals(transportLimit, connection.getMaxAsyncWriteQueueSize(), "the next request gets it back");
            queue.limit(connection, "/api/stream/x");
            assertEquals(transportLimit, connection.getMaxAsyncWriteQueueSize(), "only the stream's exact path");
        }
    }
}
