package dev.chorus.infrastructure.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.application.config.TestSettings;
import dev.chorus.domain.bot.LlmAnswer;
import dev.chorus.domain.bot.LlmError;
import dev.chorus.domain.persona.ChatMessage;
import dev.chorus.domain.persona.Prompt;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The LLM adapter over a pool on a scripted transport: answers and failures as values, slots, budget, probes. */
class PooledLanguageModelTest {
    private static final URI A = URI.create("http://a.test:1234/v1");
    private static final Prompt PROMPT = new Prompt("m", List.of(new ChatMessage("user", "hi")), null);

    private final FakeTransport transport = new FakeTransport();
    private final List<Duration> probes = new CopyOnWriteArrayList<>();
    private LlmServerPool pool;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    private PooledLanguageModel model(URI... servers) {
        LlmSettings settings = LlmSettings.from(TestSettings.with(Map.of(
                LlmSettings.SLOTS_PER_SERVER, "1",
                LlmSettings.READ_TIMEOUT_SECONDS, "60",
                LlmSettings.CONNECT_TIMEOUT_SECONDS, "5",
                LlmSettings.PROBE_TIMEOUT_MILLIS, "1000"))).withServers(List.of(servers));
        pool = new LlmServerPool(settings, transport);
        PooledLanguageModel model = new PooledLanguageModel();
        model.llm = new LlmPoolProvider() {
            @Override
            public LlmServerPool pool() {
                return pool;
            }

            @Override
            public LlmSettings settings() {
                return settings;
            }

            @Override
            public void probe(Duration maxAge) {
                probes.add(maxAge);
            }
        };
        return model;
    }

    @Test
    void everyKindOfFailureHasTheDomainKindOfTheSameName() {
        for (LlmFailure.Kind kind : LlmFailure.Kind.values()) {
            assertEquals(kind.name(), PooledLanguageModel.kind(kind).name());
        }
        assertEquals(LlmFailure.Kind.values().length, LlmError.Kind.values().length, "no domain kind without a source");
        LlmFailure failure = LlmErrorClassifier.fromHttp(500, "boom", A);
        assertEquals(failure.getMessage(), PooledLanguageModel.error(failure).message(), "the text is lastError's");
    }

    @Test
    void aCompletionComesBackAsTextAfterTheSlotIsSignalled() {
        PooledLanguageModel model = model(A);
        AtomicInteger inFlightAtSignal = new AtomicInteger(-1);
        transport.chat.put(A, s -> FakeTransport.reply("High tide at noon."));
        LlmAnswer answer = model.complete(PROMPT, Duration.ZERO, () -> inFlightAtSignal.set(1 - pool.freeSlots()));
        assertEquals(LlmAnswer.text("High tide at noon."), answer);
        assertEquals(1, inFlightAtSignal.get(), "signalled while holding the slot");
        assertEquals(1, pool.freeSlots(), "the slot is given back");
    }

    @Test
    void aServerFailureIsAValueThatSpendsAnAttempt() {
        PooledLanguageModel model = model(A);
        transport.chat.put(A, s -> {
            throw FakeTransport.failure(LlmFailure.Kind.TIMEOUT, s);
        });
        AtomicInteger signals = new AtomicInteger();
        LlmAnswer answer = model.complete(PROMPT, Duration.ZERO, signals::incrementAndGet);
        assertTrue(answer.failed());
        assertEquals(LlmError.Kind.TIMEOUT, answer.error().kind());
        assertTrue(answer.error().message().contains(A.toString()), answer.error().message());
        assertTrue(answer.error().countsAsAttempt());
        assertEquals(1, signals.get());
    }

    @Test
    void noServerComesBackAtOnceWithoutASlot() {
        PooledLanguageModel model = model();
        AtomicInteger signals = new AtomicInteger();
        LlmAnswer answer = model.complete(PROMPT, Duration.ofSeconds(5), signals::incrementAndGet);
        assertEquals(LlmError.Kind.NO_SERVER, answer.error().kind());
        assertFalse(answer.error().countsAsAttempt());
        assertEquals(0, signals.get());
        assertEquals(0, model.freeSlots());
    }

    @Test
    void theCallBudgetIsConnectPlusRead() {
        assertEquals(Duration.ofSeconds(65), model(A).callBudget());
    }

    @Test
    void probesAreDueSoonerWhileAServerIsDown() {
        PooledLanguageModel model = model(A);
        model.probeIfDue();
        assertEquals(PooledLanguageModel.PROBE_AGE_WHILE_UP, probes.get(0), "unknown is not down");
        FakeTransport.Call<LmStudioModelList> refused = s -> {
            throw FakeTransport.failure(LlmFailure.Kind.CONNECTION_REFUSED, s);
        };
        transport.lmStudio.put(A, refused);
        transport.models.put(A, s -> {
            throw FakeTransport.failure(LlmFailure.Kind.CONNECTION_REFUSED, s);
        });
        pool.probeAll();
        assertEquals(ServerHealth.DOWN, pool.status().get(0).health());
        model.probeIfDue();
        assertEquals(PooledLanguageModel.PROBE_AGE_WHILE_DOWN, probes.get(1));
    }
}
