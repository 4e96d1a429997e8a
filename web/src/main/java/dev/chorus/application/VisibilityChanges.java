package dev.chorus.application;

import dev.chorus.domain.VisibilityEvent;
import java.util.function.Consumer;

/**
 * When an operator hides a message or shows it again, anywhere in the cluster: the port live push listens on, so
 * every member's open streams remove a hidden message at once (docs/api.md, the stream's {@code hidden} event).
 */
public interface VisibilityChanges {

    /** Runs {@code listener} for every change, on a thread that must not block (it must only signal). */
    AutoCloseable onChange(Consumer<VisibilityEvent> listener);
}
