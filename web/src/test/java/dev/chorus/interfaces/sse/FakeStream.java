package dev.chorus.interfaces.sse;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * One live-push connection faked at the servlet API, for {@link StreamHub} without a container: an asynchronous
 * response whose output stream takes bytes (unless the test says it does not) and keeps them, parsed back into
 * the events a browser sees.
 */
final class FakeStream {
    private static final Pattern EVENT = Pattern.compile("event: message\nid: (\\d+)\ndata: (.*)\n\n");
    private static final Pattern MESSAGE_ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private volatile boolean completed;
    private volatile boolean takesBytes = true;
    /** Writes after which the stream stops taking bytes (as a full socket would); negative: no such limit. */
    private volatile int writesLeft = -1;
    private final AtomicInteger writes = new AtomicInteger();

    /** One message event: its SSE id (the message's timestamp, the stream's cursor) and the message's id. */
    record Event(long cursor, String messageId) {
    }

    AsyncContext async() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return takesBytes && writesLeft != 0;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                // the container's call back is not faked: the tests that switch readiness drive the writes
            }

            @Override
            public void write(int b) {
                synchronized (bytes) {
                    bytes.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.incrementAndGet();
                if (writesLeft > 0) {
                    writesLeft--;
                }
                synchronized (bytes) {
                    bytes.write(b, off, len);
                }
            }
        };
        ServletResponse response = proxy(ServletResponse.class, (method, args) ->
                method.equals("getOutputStream") ? out : null);
        return proxy(AsyncContext.class, (method, args) -> switch (method) {
            case "getResponse" -> response;
            case "complete" -> {
                completed = true;
                yield null;
            }
            default -> null;
        });
    }

    /** Whether the connection takes bytes now (as {@code ServletOutputStream.isReady()} says). */
    void takesBytes(boolean now) {
        takesBytes = now;
    }

    /** The stream takes {@code n} more writes (whatever their size), then no more bytes. */
    void takesWrites(int n) {
        writesLeft = n;
    }

    /** Writes the container was asked for: what the live push costs it per connection. */
    int writes() {
        return writes.get();
    }

    boolean completed() {
        return completed;
    }

    String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Comments received (": connected", ": keep-alive"). */
    long comments() {
        return text().lines().filter(line -> line.startsWith(": ")).count();
    }

    List<Event> events() {
        List<Event> events = new ArrayList<>();
        Matcher event = EVENT.matcher(text());
        while (event.find()) {
            Matcher id = MESSAGE_ID.matcher(event.group(2));
            events.add(new Event(Long.parseLong(event.group(1)), id.find() ? id.group(1) : null));
        }
        return events;
    }

    /** A MetricRegistry that registers nothing (the hub only registers two gauges). */
    static MetricRegistry metrics() {
        return proxy(MetricRegistry.class, (method, args) -> null);
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(FakeStream.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> type.getSimpleName() + " (fake)";
                        };
                    }
                    Object value = answer.answer(method.getName(), args);
                    if (value == null && method.getReturnType() == boolean.class) {
                        return false;
                    }
                    return value;
                });
    }
}
