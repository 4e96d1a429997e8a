package dev.chorus.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many {@code GET /api/stream} connections held cheaply: one selector thread reads every connection that reads,
 * and the others never read at all (a tiny receive buffer, never registered). It records, per connection, when
 * each numbered marker ({@link #marker(int)}, put in a message's text) first arrived, so a benchmark can say how
 * long a post took to reach every reader. Thousands of connections cost a socket and ~100 bytes each here.
 */
public final class StreamLoadClient implements AutoCloseable {
    private static final byte[] PREFIX = "FANOUT".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGITS = 6;
    private static final int MARK = PREFIX.length + DIGITS;

    private final Selector selector;
    private final List<SocketChannel> channels = new ArrayList<>();
    private final List<Conn> reading = new ArrayList<>();
    private final int markers;
    private final AtomicInteger subscribed = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    /** The text that marks message {@code k} (k below {@code markers}). */
    public static String marker(int k) {
        return "FANOUT" + String.format("%0" + DIGITS + "d", k);
    }

    /**
     * Opens {@code readers} reading connections (only messages newer than now) and {@code stalled} that ask for
     * the whole history ({@code Last-Event-ID: 0}) and never read it.
     */
    public StreamLoadClient(URI base, int readers, int stalled, int markers) throws IOException {
        this.markers = markers;
        this.selector = Selector.open();
        InetSocketAddress address = new InetSocketAddress(base.getHost(), base.getPort());
        for (int i = 0; i < readers + stalled; i++) {
            boolean reads = i < readers;
            SocketChannel channel = SocketChannel.open();
            if (!reads) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 2048);
            }
            channel.connect(address);
            channels.add(channel);
            String request = "GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                    + (reads ? "" : "Last-Event-ID: 0\r\n") + "\r\n";
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            channel.configureBlocking(false);
            if (reads) {
                Conn conn = new Conn(markers);
                reading.add(conn);
                channel.register(selector, SelectionKey.OP_READ, conn);
            }
        }
        thread = new Thread(this::readAll, "stream-load-client");
        thread.setDaemon(true);
        thread.start();
    }

    /** Reading connections whose answer began with {@code HTTP/1.1 200}. */
    public int subscribed() {
        return subscribed.get();
    }

    /** Reading connections answered with another status (e.g. 503, no slot). */
    public int refused() {
        return refused.get();
    }

    /** Reading connections the server closed. */
    public int closedByServer() {
        return closedByServer.get();
    }

    /**
     * Arrival times ({@link System#nanoTime()}) of marker {@code k} at each reading connection, 0 where it has not
     * arrived (yet).
     */
    public long[] arrivals(int k) {
        long[] all = new long[reading.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = reading.get(i).arrived[k];
        }
        return all;
    }

    private void readAll() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        byte[] bytes = new byte[64 * 1024 + MARK];
        while (running) {
            try {
                if (selector.select(200) == 0) {
                    continue;
                }
                long now = System.nanoTime();
                for (var keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Conn conn = (Conn) key.attachment();
                    buffer.clear();
                    int n;
                    try {
                        n = ((SocketChannel) key.channel()).read(buffer);
                    } catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0) {
                        key.cancel();
                        closedByServer.incrementAndGet();
                        continue;
                    }
                    buffer.flip();
                    System.arraycopy(conn.tail, 0, bytes, 0, conn.tailLength);
                    int length = conn.tailLength + n;
                    buffer.get(bytes, conn.tailLength, n);
                    conn.scan(bytes, length, now);
                }
            } catch (IOException | RuntimeException e) {
                if (running) {
                    e.printStackTrace();
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SocketChannel channel : channels) {
            channel.close();
        }
        selector.close();
    }

    /** One reading connection: its status, the last bytes of its previous read, and marker arrivals. */
    private final class Conn {
        final long[] arrived;
        final byte[] tail = new byte[MARK];
        int tailLength;
        boolean statusSeen;

        Conn(int markers) {
            arrived = new long[markers];
        }

        void scan(byte[] bytes, int length, long now) {
            if (!statusSeen && length >= 12) {
                statusSeen = true;
                if (new String(bytes, 0, 12, StandardCharsets.US_ASCII).equals("HTTP/1.1 200")) {
                    subscribed.incrementAndGet();
                } else {
                    refused.incrementAndGet();
                }
            }
            for (int i = 0; i + MARK <= length; i++) {
                if (bytes[i] == 'F' && Arrays.equals(bytes, i, i + PREFIX.length, PREFIX, 0, PREFIX.length)) {
                    int k = 0;
                    for (int d = 0; d < DIGITS; d++) {
                        k = k * 10 + (bytes[i + PREFIX.length + d] - '0');
                    }
                    if (k >= 0 && k < markers && arrived[k] == 0) {
                        arrived[k] = now;
                    }
                    i += MARK - 1;
                }
            }
            tailLength = Math.min(MARK - 1, length);
            System.arraycopy(bytes, length - tailLength, tail, 0, tailLength);
        }
    }
}
