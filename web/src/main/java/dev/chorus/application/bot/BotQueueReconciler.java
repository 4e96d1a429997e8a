package dev.chorus.application.bot;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageBoard;
import dev.chorus.domain.bot.BotQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Logger;

/**
 * Rebuilds the bot queue from the message rows, which hold the durable bot state: at start-up (a full-cluster
 * restart leaves the in-memory queue empty) and periodically (a member that died between storing a message and
 * enqueueing it). Cheap: one indexed query over messages still waiting, and {@code putIfAbsent} per row, so tasks
 * already queued (claimed, backing off) are left alone. Every member may run it; that is harmless.
 */
@ApplicationScoped
public class BotQueueReconciler {
    private static final Logger LOG = Logger.getLogger(BotQueueReconciler.class.getName());
    /** Rows read per reconciliation; more waiting work than this is picked up by later rounds. */
    static final int BATCH = 2000;

    @Inject
    MessageBoard board;

    @Inject
    BotQueue queue;

    @Inject
    WorkIntake intake;

    /** Enqueues every waiting message not yet in the queue; returns how many were added (messages for personas
     * this member lacks are left alone, not counted). */
    public int reconcile() {
        List<Message> waiting = board.awaitingReply(BATCH);
        int added = 0;
        for (Message message : waiting) {
            var queued = queue.find(message.id().value());
            if (queued.isEmpty() && intake.accept(message)) {
                added++;
            }
        }
        if (added > 0) {
            int count = added;
            LOG.info(() -> "Bot queue: " + count + " waiting message(s) taken in from storage");
        }
        return added;
    }
}
