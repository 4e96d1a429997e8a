package dev.chorus.interfaces.web.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.AttributeHolder;
import org.junit.jupiter.api.Test;

/**
 * The header deadline's phases, on connections that are Grizzly attribute holders like the real ones (the
 * deadline keeps its state there): the clock runs from a request's first byte to the end of its headers only.
 */
class HeaderDeadlineTest {
    private static final long LIMIT = 300;
    private final List<Connection<?>> expired = new CopyOnWriteArrayList<>();

    private static Connection<?> connection(AtomicBoolean open) {
        AttributeHolder attributes = Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createSafeAttributeHolder();
        return (Connection<?>) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAttributes" -> attributes;
                    case "isOpen" -> open.get();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    @Test
    void headersThatTakeLongerThanTheLimitAreHandedOverOnceAndTheLateEndIsRefused() throws Exception {
        try (HeaderDeadline deadline = new HeaderDeadline(LIMIT, expired::add)) {
            Connection<?> slow = connection(new AtomicBoolean(true));
            deadline.bytesArrived(slow);
            Thread.sleep(LIMIT / 2);
            deadline.bytesArrived(slow); // more header bytes do not restart the clock
            Thread.sleep(LIMIT + 200);
            assertEquals(List.of(slow), expired);
            assertThrows(HeaderDeadline.Expired.class, () -> deadline.headersComplete(slow, false));
            assertFalse(deadline.refused(slow), "the 408 went: the codec's refusal must not answer again");
            assertEquals(0, deadline.waiting());
        }
    }

    @Test
    void bodiesAndIdleKeepAliveConnectionsAreNotTimedHere() throws Exception {
        try (HeaderDeadline deadline = new HeaderDeadline(LIMIT, expired::add)) {
            Connection<?> withBody = connection(new AtomicBoolean(true));
            deadline.bytesArrived(withBody);
            deadline.headersComplete(withBody, true);
            deadline.bytesArrived(withBody); // body bytes
            Connection<?> idle = connection(new AtomicBoolean(true));
            deadline.bytesArrived(idle);
            deadline.headersComplete(idle, false);
            Thread.sleep(LIMIT + 300);
            assertTrue(expired.isEmpty(), "expired: " + expired);
            deadline.bodyComplete(withBody);
            deadline.bytesArrived(withBody); // the next request on the connection: its clock starts now
            deadline.bytesArrived(idle);
            Thread.sleep(LIMIT / 3);
            deadline.headersComplete(withBody, false);
            deadline.headersComplete(idle, false);
            assertTrue(expired.isEmpty(), "expired: " + expired);
        }
    }

    @Test
    void anUpgradedConnectionIsNeverTimed() throws Exception {
        try (HeaderDeadline deadline = new HeaderDeadline(LIMIT, expired::add)) {
            Connection<?> upgraded = connection(new AtomicBoolean(true));
            deadline.bytesArrived(upgraded);
            deadline.headersComplete(upgraded, false);
            deadline.upgraded(upgraded); // 101 sent: the bytes that follow are another protocol's
            deadline.bytesArrived(upgraded);
            Thread.sleep(LIMIT + 300);
            assertTrue(expired.isEmpty(), "expired: " + expired);
        }
    }

    @Test
    void aConnectionClosedWhileInHeadersIsForgotten() throws Exception {
        try (HeaderDeadline deadline = new HeaderDeadline(LIMIT, expired::add)) {
            AtomicBoolean open = new AtomicBoolean(true);
            Connection<?> gone = connection(open);
            deadline.bytesArrived(gone);
            open.set(false);
            Thread.sleep(LIMIT + 200);
            assertTrue(expired.isEmpty());
            assertEquals(0, deadline.waiting());
        }
    }
}
