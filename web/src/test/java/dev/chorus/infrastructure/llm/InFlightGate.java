package dev.chorus.infrastructure.llm;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A proof of concurrency for WireMock stubs: every request to a path ending in {@code path} is held until
 * {@code expected} are held at once across the stubs, then every request goes through. Records how many each stub
 * held at that moment: while the gate is shut none of them can be answered, so those were in flight together.
 * A request held for {@code hold} without the gate opening is let go and no longer counted, so requests sent one
 * after another (each given up by its client before the next) never add up to an opening.
 */
final class InFlightGate {
    private final String path;
    private final int expected;
    private final Duration hold;
    private final Map<Integer, Integer> held = new HashMap<>();
    private Map<Integer, Integer> heldWhenOpened;
    private int total;

    InFlightGate(String path, int expected, Duration hold) {
        this.path = path;
        this.expected = expected;
        this.hold = hold;
    }

    /** The extension for stub number {@code server}. */
    ResponseDefinitionTransformerV2 at(int server) {
        return new ResponseDefinitionTransformerV2() {
            @Override
            public ResponseDefinition transform(ServeEvent event) {
                if (event.getRequest().getUrl().endsWith(path)) {
                    arrive(server);
                }
                return event.getResponseDefinition();
            }

            @Override
            public String getName() {
                return "in-flight-gate";
            }
        };
    }

    /** How many requests each stub held when the gate opened (empty map: it never opened). */
    synchronized Map<Integer, Integer> heldWhenOpened() {
        return heldWhenOpened != null ? heldWhenOpened : Map.of();
    }

    private synchronized void arrive(int server) {
        if (heldWhenOpened != null) {
            return;
        }
        held.merge(server, 1, Integer::sum);
        if (++total == expected) {
            heldWhenOpened = Map.copyOf(held);
            notifyAll();
            return;
        }
        long deadline = System.nanoTime() + hold.toNanos();
        try {
            while (heldWhenOpened == null && System.nanoTime() < deadline) {
                TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (heldWhenOpened == null) {
            total--;
            held.merge(server, -1, Integer::sum);
        }
    }
}
