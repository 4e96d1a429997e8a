package dev.chorus.application.bot;

import dev.chorus.application.BoardService;
import dev.chorus.application.MessageHiddenException;
import dev.chorus.application.Caller;
import dev.chorus.application.ClusterMembers;
import dev.chorus.application.ReplyDrafts;
import dev.chorus.application.config.TestSettings;
import dev.chorus.domain.AppendOutcome;
import dev.chorus.domain.BotParams;
import dev.chorus.domain.Message;
import dev.chorus.domain.TestMessages;
import dev.chorus.domain.bot.BotTask;
import dev.chorus.domain.bot.LlmAnswer;
import dev.chorus.domain.bot.LlmError;
import dev.chorus.domain.bot.ReplyDraft;
import dev.chorus.domain.persona.Persona;
import dev.chorus.domain.persona.Prompt;
import dev.chorus.domain.persona.RateLimits;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bot's application classes wired to in-memory fakes of every port (queue, board, personas, LLM, rate
 * counter, cluster members, executors): no grid, no HTTP, no container. One instance per test.
 */
final class InMemoryBot {
    static final String MEMBER = "member-a";
    static final Persona SAGE = Persona.builder("sage").username("Sage").color("080215225")
            .model("qwen2.5-7b-instruct").systemPrompt("You are Sage.").userPrompt("Answer the last message.").build();

    final AtomicLong now = new AtomicLong(50_000_000);
    final InMemoryBotQueue queue = new InMemoryBotQueue();
    final InMemoryBoard board = new InMemoryBoard();
    final Posts boardService = new Posts(board);
    final Personas personas = new Personas();
    final Llm llm = new Llm();
    final RateCounter rateCounter = new RateCounter();
    final Members members = new Members();
    final Drafts drafts = new Drafts();
    final Settings settings = new Settings();
    final Metrics metrics = new Metrics();
    final Executors executors = new Executors();
    final WorkIntake intake = new WorkIntake();
    final BotBookkeeping bookkeeping = new BotBookkeeping();
    final ReplyWorker worker = new ReplyWorker();
    final ReplyDispatcher dispatcher = new ReplyDispatcher();
    final BotOperations operations = new BotOperations();
    final InMemoryOperatorStores.Switches switches = new InMemoryOperatorStores.Switches();
    final InMemoryOperatorStores.Audit audit = new InMemoryOperatorStores.Audit();

    InMemoryBot() {
        personas.add(SAGE);
        intake.queue = queue;
        intake.personas = personas;
        bookkeeping.queue = queue;
        bookkeeping.board = board;
        bookkeeping.intake = intake;
        bookkeeping.personas = personas;
        bookkeeping.settings = settings;
        bookkeeping.metrics = metrics;
        bookkeeping.clock = now::get;
        worker.board = board;
        worker.boardService = boardService;
        worker.personas = personas;
        worker.llm = llm;
        worker.rateCounter = rateCounter;
        worker.settings = settings;
        worker.bookkeeping = bookkeeping;
        worker.clock = now::get;
        worker.drafts = drafts;
        worker.members = members;
        worker.draftModes = new DraftModes();
        dispatcher.queue = queue;
        dispatcher.board = board;
        dispatcher.worker = worker;
        dispatcher.llm = llm;
        dispatcher.settings = settings;
        dispatcher.metrics = metrics;
        dispatcher.executors = executors;
        dispatcher.members = members;
        dispatcher.intake = intake;
        dispatcher.switches = switches;
        dispatcher.bookkeeping = bookkeeping;
        dispatcher.clock = now::get;
        dispatcher.init();
        operations.queue = queue;
        operations.bookkeeping = bookkeeping;
        operations.dispatcher = dispatcher;
        operations.audit = audit;
        operations.switches = switches;
        operations.board = board;
        operations.personas = personas;
        operations.rateCounter = rateCounter;
        operations.activity = new PersonaActivity() {
            @Override
            public java.util.Map<String, LastHour> lastHour() {
                return java.util.Map.of();
            }

            @Override
            public List<ReplyLatency> replyLatencies(int limit) {
                return List.of();
            }
        };
    }

    /** A human message to {@code persona}, posted a second ago, on the board and (if intake takes it) queued. */
    Message asks(String id, String persona) {
        BotParams params = BotParams.request(persona, null, null, null, null).startPending();
        Message message = board.store(TestMessages.message(id).text("what is the tide?").username("ann")
                .timestamp(now.get() - 1000).botParams(params).build());
        intake.accept(message);
        return message;
    }

    /** A claim whose lease ran out (its worker stalled) and that another worker claims again: the new claim. */
    BotTask reclaim(String id) {
        now.addAndGet(worker.leaseMillis() + 1);
        queue.releaseLease(id, now.get(), members.liveMemberIds()).orElseThrow();
        return claim(id);
    }

    /** The message's task, claimed by this member (as the dispatcher hands it to the worker). */
    BotTask claim(String id) {
        return queue.claim(id, now.get(), worker.leaseMillis(), MEMBER + "/test").orElseThrow();
    }

    // ---------------------------------------------------------------- fakes

    /** Every draft the worker published, in order. */
    static final class Drafts implements ReplyDrafts {
        final List<ReplyDraft> published = new CopyOnWriteArrayList<>();

        @Override
        public void publish(ReplyDraft draft) {
            published.add(draft);
        }

        @Override
        public AutoCloseable subscribe(java.util.function.Consumer<ReplyDraft> listener) {
            throw new UnsupportedOperationException("the bot only publishes");
        }
    }

    /** Posts go straight to the in-memory board (the board service's checks are not the bot's subject). */
    static final class Posts extends BoardService {
        private final InMemoryBoard target;
        final List<Message> posted = new CopyOnWriteArrayList<>();
        /** Ids the board answers as hidden by an operator (stored, then hidden): what BoardService does for them. */
        final Set<String> hidden = ConcurrentHashMap.newKeySet();

        Posts(InMemoryBoard target) {
            this.target = target;
        }

        @Override
        public AppendOutcome post(Message draft, Caller caller) {
            if (!caller.bot()) {
                throw new AssertionError("the bot posts with the bot credential");
            }
            AppendOutcome outcome = target.post(draft, () -> { });
            posted.add(draft);
            if (hidden.contains(draft.id().value())) { // as if an earlier attempt stored it, then it was hidden
                throw new MessageHiddenException(draft.id().value());
            }
            return outcome;
        }
    }

    static final class Personas implements PersonaDirectory {
        final Map<String, Persona> byId = new ConcurrentHashMap<>();
        OptionalInt maxRetries = OptionalInt.empty();
        final AtomicInteger refreshes = new AtomicInteger();

        void add(Persona persona) {
            byId.put(persona.id(), persona);
        }

        @Override
        public Optional<Persona> find(String id) {
            return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
        }

        @Override
        public List<Persona> all() {
            return List.copyOf(byId.values());
        }

        @Override
        public OptionalInt maxRetries() {
            return maxRetries;
        }

        @Override
        public void refreshIfChanged() {
            refreshes.incrementAndGet();
        }
    }

    /**
     * A scripted LLM: answers from {@link #answers} in order (then "Hello." for ever), with {@link #freeSlots}
     * slots. Like the pool, "no server" and "busy" come back without taking a slot.
     */
    static final class Llm implements LanguageModel {
        final Deque<Object> answers = new ArrayDeque<>();
        final List<Prompt> prompts = new CopyOnWriteArrayList<>();
        volatile int freeSlots = 4;
        final AtomicInteger probes = new AtomicInteger();

        synchronized Llm answer(String text) {
            answers.add(LlmAnswer.text(text));
            return this;
        }

        synchronized Llm fail(LlmError.Kind kind, String message) {
            answers.add(LlmAnswer.failed(new LlmError(kind, message)));
            return this;
        }

        synchronized Llm raise(RuntimeException e) {
            answers.add(e);
            return this;
        }

        @Override
        public LlmAnswer complete(Prompt prompt, Duration slotWait, Runnable slotTaken) {
            return complete(prompt, slotWait, slotTaken, text -> { });
        }

        /** A text answer streams in word by word (each word with the whitespace before it) before it returns. */
        @Override
        public LlmAnswer complete(Prompt prompt, Duration slotWait, Runnable slotTaken,
                                  java.util.function.Consumer<CharSequence> textSoFar) {
            prompts.add(prompt);
            Object next;
            synchronized (this) {
                next = answers.isEmpty() ? LlmAnswer.text("Hello.") : answers.poll();
            }
            if (next instanceof RuntimeException e) {
                slotTaken.run();
                throw e;
            }
            LlmAnswer answer = (LlmAnswer) next;
            if (!answer.failed() || answer.error().countsAsAttempt()) {
                slotTaken.run();
            }
            if (!answer.failed()) {
                java.util.regex.Matcher word = java.util.regex.Pattern.compile("\\s*\\S+").matcher(answer.text());
                while (word.find()) {
                    textSoFar.accept(answer.text().substring(0, word.end()));
                }
            }
            return answer;
        }

        @Override
        public int freeSlots() {
            return freeSlots;
        }

        @Override
        public Duration callBudget() {
            return Duration.ofSeconds(65);
        }

        @Override
        public void probeIfDue() {
            probes.incrementAndGet();
        }
    }

    /** Persona rate limits: allows every reply unless {@link #wait} is set; counts what it was asked. */
    static final class RateCounter implements PersonaRateCounter {
        volatile Duration wait = Duration.ZERO;
        final List<String> counted = new CopyOnWriteArrayList<>();

        @Override
        public Duration tryCount(String entityId, RateLimits limits) {
            if (!wait.isZero()) {
                return wait;
            }
            counted.add(entityId);
            return Duration.ZERO;
        }

        @Override
        public Duration currentWait(String entityId, RateLimits limits) {
            return wait;
        }
    }

    static final class Members implements ClusterMembers {
        volatile Set<String> live = Set.of(MEMBER);

        @Override
        public String localMemberId() {
            return MEMBER;
        }

        @Override
        public Set<String> liveMemberIds() {
            return live;
        }
    }

    /** The bot's settings: the shipped defaults, with what a test changes on top (at any time). */
    static final class Settings extends BotSettings {
        boolean on = true;
        boolean dry;
        Integer attempts;
        Duration age = Duration.ofMinutes(120);

        Settings() {
            super(TestSettings.defaults());
        }

        @Override
        public boolean enabled() {
            return on;
        }

        @Override
        public boolean dryRun() {
            return dry;
        }

        @Override
        public int maxAttempts(OptionalInt fileMaxRetries) {
            return attempts != null ? attempts : super.maxAttempts(fileMaxRetries);
        }

        @Override
        public Duration maxAge() {
            return age;
        }
    }

    /** Counts instead of registering metrics. */
    static final class Metrics extends BotMetrics {
        final Map<String, AtomicInteger> counts = new HashMap<>();

        private synchronized void count(String name) {
            counts.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        }

        synchronized int of(String name) {
            AtomicInteger c = counts.get(name);
            return c == null ? 0 : c.get();
        }

        @Override
        void touch() {
        }

        @Override
        void claimed() {
            count("claims");
        }

        @Override
        void replied() {
            count("replies");
        }

        @Override
        void skipped() {
            count("skips");
        }

        @Override
        void attemptFailed() {
            count("attemptsFailed");
        }

        @Override
        void failed() {
            count("failures");
        }

        @Override
        void deferred() {
            count("deferrals");
        }
    }

    /**
     * Replies are held until {@link #runAll()} (or run at once with {@link #direct}), or refused with
     * {@link #refuse}, as a saturated executor refuses.
     */
    static final class Executors extends BotExecutors {
        final List<Runnable> held = new ArrayList<>();
        volatile boolean direct;
        volatile boolean refuse;

        @Override
        public Executor replies() {
            return work -> {
                if (refuse) {
                    throw new java.util.concurrent.RejectedExecutionException("saturated");
                }
                if (direct) {
                    work.run();
                } else {
                    synchronized (held) {
                        held.add(work);
                    }
                }
            };
        }

        int runAll() {
            List<Runnable> batch;
            synchronized (held) {
                batch = new ArrayList<>(held);
                held.clear();
            }
            batch.forEach(Runnable::run);
            return batch.size();
        }

        @Override
        public Thread startDispatchLoop(Runnable loop) {
            Thread thread = new Thread(loop, "test-bot-dispatch");
            thread.setDaemon(true);
            thread.start();
            return thread;
        }
    }
}
