package dev.chorus.system;

import dev.chorus.support.RawHttp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Many connections that each send a POST body one byte every {@code gapMillis}, driven by one thread with
 * non-blocking sockets. Why one thread and not one per connection: the test shares two cores with the member
 * it measures, and 300 client threads waking together every gap would themselves delay the polls being timed
 * (an attacker's threads run on the attacker's machine). The connections' bytes are spread evenly over the gap,
 * as independent clients' would be.
 */
final class SlowBodyClients implements AutoCloseable {
    private static final byte[] HEAD = ("POST /api/comments HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            + "Content-Length: 60\r\n\r\n{").getBytes(StandardCharsets.US_ASCII);

    /** One connection: what it has read so far, and whether the server has closed it. */
    private static final class Slow {
        final SocketChannel channel;
        final ByteArrayOutputStream read = new ByteArrayOutputStream();
        long nextWriteNanos;
        boolean closed;

        Slow(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private final List<Slow> connections = new ArrayList<>();
    private final Selector selector;
    private final Thread driver;
    private final long gapNanos;
    private volatile boolean stop;

    SlowBodyClients(int port, int count, long gapMillis) throws IOException {
        this.gapNanos = TimeUnit.MILLISECONDS.toNanos(gapMillis);
        this.selector = Selector.open();
        long now = System.nanoTime();
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.write(ByteBuffer.wrap(HEAD));
            channel.configureBlocking(false);
            Slow slow = new Slow(channel);
            slow.nextWriteNanos = now + gapNanos * (i + 1) / count;
            channel.register(selector, SelectionKey.OP_READ, slow);
            connections.add(slow);
        }
        driver = new Thread(this::drive, "slow-body-clients");
        driver.setDaemon(true);
        driver.start();
    }

    private void drive() {
        ByteBuffer in = ByteBuffer.allocate(8192);
        ByteBuffer space = ByteBuffer.wrap(new byte[] {' '});
        try {
            long next = System.nanoTime();
            while (!stop) {
                // Reads first: an answer already here must be taken before another byte is written (a byte
                // sent after the server closed would draw a reset that can discard the unread answer).
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime())));
                for (SelectionKey key : selector.selectedKeys()) {
                    Slow slow = (Slow) key.attachment();
                    synchronized (slow) {
                        int n;
                        try {
                            n = slow.channel.read(in.clear());
                        } catch (IOException e) {
                            n = -1;
                        }
                        if (n < 0) {
                            slow.closed = true;
                            key.cancel();
                        } else {
                            slow.read.write(in.array(), 0, n);
                        }
                    }
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                next = now + gapNanos;
                for (Slow slow : connections) {
                    synchronized (slow) {
                        if (!slow.closed && slow.read.size() == 0 && slow.nextWriteNanos <= now) {
                            try {
                                slow.channel.write(space.clear());
                                slow.nextWriteNanos += gapNanos;
                            } catch (IOException e) {
                                slow.nextWriteNanos = Long.MAX_VALUE; // the server closed it: its answer is read above
                            }
                        }
                        next = Math.min(next, slow.nextWriteNanos);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Connections the server has neither answered nor closed. */
    int open() {
        int open = 0;
        for (Slow slow : connections) {
            synchronized (slow) {
                open += slow.read.size() == 0 && !slow.closed ? 1 : 0;
            }
        }
        return open;
    }

    /** Waits until every connection is closed by the server (or {@code timeoutMillis}); returns each one's answer. */
    List<RawHttp.Response> answers(long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<RawHttp.Response> answers = new ArrayList<>();
        for (Slow slow : connections) {
            while (true) {
                synchronized (slow) {
                    if (slow.closed) {
                        answers.add(slow.read.size() == 0 ? null
                                : RawHttp.read(new ByteArrayInputStream(slow.read.toByteArray())));
                        break;
                    }
                }
                if (System.nanoTime() > deadline) {
                    answers.add(null);
                    break;
                }
                Thread.sleep(20);
            }
        }
        return answers;
    }

    @Override
    public void close() throws IOException {
        stop = true;
        selector.wakeup();
        try {
            driver.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Slow slow : connections) {
            slow.channel.close();
        }
        selector.close();
    }
}
