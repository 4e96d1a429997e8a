package dev.chorus.infrastructure.grid;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.topic.ITopic;
import dev.chorus.application.ReplyDrafts;
import dev.chorus.domain.bot.ReplyDraft;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link ReplyDrafts} on a Hazelcast {@link ITopic} ({@value #TOPIC}): every member hears every draft. A plain topic,
 * not a reliable one: a draft is a preview that the next update or the stored reply supersedes, so at-most-once
 * delivery without a ring buffer to size and replay is the right trade; the topic keeps one publisher's messages in
 * order, and {@link ReplyDraft#sequence()} guards against anything else.
 *
 * <p>Each member tracks the drafts it has passed on and withdraws, for its own subscribers, those no update will ever
 * end: the generating member left the cluster (membership listener: {@link ReplyDraft.End#MEMBER_LEFT}), or nothing
 * came for {@link #STALE_AFTER} ({@link ReplyDraft.End#TIMED_OUT}, checked every {@link #SWEEP}). A retry on another
 * member starts a new draft (a new attempt id). An update arriving after its draft ended is dropped.
 */
@ApplicationScoped
public class HazelcastReplyDrafts implements ReplyDrafts {
    private static final Logger LOG = Logger.getLogger(HazelcastReplyDrafts.class.getName());
    static final String TOPIC = "chorus-reply-drafts";
    /** Longer than a model's silence before its first token on a long prompt; a dead member is noticed sooner. */
    static final Duration STALE_AFTER = Duration.ofMinutes(2);
    static final Duration SWEEP = Duration.ofSeconds(5);
    /** How long an ended draft's id is remembered, to drop its late updates. */
    static final Duration REMEMBER_ENDED = Duration.ofMinutes(5);

    @Inject
    GridMaps maps;

    @Resource
    ManagedThreadFactory threads;

    private record Live(ReplyDraft last, long seenNanos) {
    }

    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final Map<String, Long> ended = new ConcurrentHashMap<>();
    private final List<Consumer<ReplyDraft>> listeners = new CopyOnWriteArrayList<>();
    private ITopic<ReplyDraft> topic;
    private UUID topicListener;
    private UUID membership;
    private ScheduledExecutorService sweeper;

    @PostConstruct
    void start() {
        topic = maps.hazelcast().getTopic(TOPIC);
        topicListener = topic.addMessageListener(message -> heard(message.getMessageObject()));
        membership = maps.hazelcast().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // a new member's drafts arrive as it publishes them
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                withdrawFrom(event.getMember().getUuid().toString());
            }
        });
        sweeper = Executors.newSingleThreadScheduledExecutor(threads);
        sweeper.scheduleWithFixedDelay(this::withdrawStale, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        try {
            topic.removeMessageListener(topicListener);
            maps.hazelcast().getCluster().removeMembershipListener(membership);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "grid already stopped", e);
        }
        sweeper.shutdownNow();
    }

    @Override
    public void publish(ReplyDraft draft) {
        try {
            topic.publish(draft);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "could not publish a reply draft (a preview only)", e);
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<ReplyDraft> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Drafts this member shows as growing now (for tests and metrics). */
    public int live() {
        return live.size();
    }

    /**
     * Synchronized: the topic's thread, the membership listener and the sweeper all call it, and its check-then-act
     * on {@code ended} and {@code live} must not interleave (an end passing while an update re-adds the draft would
     * leave it live here until the sweeper). Cheap: listeners only record what they hear.
     */
    private synchronized void heard(ReplyDraft draft) {
        if (ended.containsKey(draft.draftId())) {
            return;
        }
        if (draft.isEnd()) {
            live.remove(draft.draftId());
            ended.put(draft.draftId(), System.nanoTime());
            pass(draft);
            return;
        }
        Live previous = live.get(draft.draftId());
        if (previous != null && previous.last().sequence() >= draft.sequence()) {
            return;
        }
        live.put(draft.draftId(), new Live(draft, System.nanoTime()));
        pass(draft);
    }

    private void withdrawFrom(String memberId) {
        live.values().stream().map(Live::last).filter(d -> d.memberId().equals(memberId)).toList()
                .forEach(d -> heard(d.ended(ReplyDraft.End.MEMBER_LEFT, null)));
    }

    private void withdrawStale() {
        try {
            long now = System.nanoTime();
            live.values().stream().filter(l -> now - l.seenNanos() > STALE_AFTER.toNanos()).map(Live::last).toList()
                    .forEach(d -> heard(d.ended(ReplyDraft.End.TIMED_OUT, null)));
            ended.values().removeIf(at -> now - at > REMEMBER_ENDED.toNanos());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "withdrawing stale reply drafts failed; trying again", e);
        }
    }

    private void pass(ReplyDraft draft) {
        for (Consumer<ReplyDraft> listener : listeners) {
            try {
                listener.accept(draft);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a reply draft listener failed", e);
            }
        }
    }
}
