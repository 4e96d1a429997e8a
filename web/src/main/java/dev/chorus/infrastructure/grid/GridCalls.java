package dev.chorus.infrastructure.grid;

import com.hazelcast.core.HazelcastException;
import dev.chorus.domain.StorageUnavailableException;

import java.util.function.Supplier;

/**
 * How the grid adapters (board, bot queue) turn a grid that cannot answer — shutting down, not active, timed
 * out — into storage that is unavailable (503 on a request, a retry for the bot), never a state of a message or
 * a task. Validation errors and the domain's own storage failures pass through unchanged.
 */
final class GridCalls {
    private GridCalls() {
    }

    static <T> T guarded(String what, Supplier<T> work) {
        try {
            return work.get();
        } catch (StorageUnavailableException | IllegalArgumentException e) {
            throw e;
        } catch (HazelcastException | IllegalStateException e) {
            throw new StorageUnavailableException(what + " unavailable: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
