package dev.chorus.infrastructure.grid;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.infrastructure.grid.processors.CommitBatchInWindow;
import dev.chorus.infrastructure.grid.processors.Stamp;
import dev.chorus.infrastructure.grid.processors.StampPendingBatch;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * This member's stamps and commits in the window, each made for all the posts that reach that step at the same
 * moment in one visit to the window's owner ({@link StampPendingBatch}, {@link CommitBatchInWindow}), through
 * one {@link Coalescer} each. What a post gets back is exactly what its own {@code StampPending} or
 * {@code CommitInWindow} would have answered; the batch only shares the trip to the owner's partition thread.
 */
@ApplicationScoped
public class WindowBatches {
    @Inject
    GridMaps maps;

    @Resource
    ManagedThreadFactory threads;

    private Coalescer<Message, Stamp> stamps;
    private Coalescer<MessageId, Long> commits;

    @PostConstruct
    void start() {
        stamps = new Coalescer<>("window-stamps", threads, drafts -> maps.window()
                .submitToKey(GridMaps.WINDOW_KEY, new StampPendingBatch(drafts, maps.localMemberId())));
        commits = new Coalescer<>("window-commits", threads, ids -> maps.window()
                .submitToKey(GridMaps.WINDOW_KEY, new CommitBatchInWindow(ids)).thenApply(WindowBatches::boxed));
    }

    @PreDestroy
    void stop() {
        stamps.stop();
        commits.stop();
    }

    /** The stamp of {@code draft}, pending (see {@code StampPending}); await it within {@code budget}. */
    public CompletableFuture<Stamp> stamp(Message draft, Duration budget) {
        return stamps.submit(draft, budget);
    }

    /** The window's version after {@code id}'s commit, or -1 (see {@code CommitInWindow}). */
    public CompletableFuture<Long> commit(MessageId id, Duration budget) {
        return commits.submit(id, budget);
    }

    private static List<Long> boxed(long[] versions) {
        List<Long> boxed = new ArrayList<>(versions.length);
        for (long version : versions) {
            boxed.add(version);
        }
        return boxed;
    }
}
