package dev.chorus.infrastructure.llm;

import dev.chorus.application.bot.LanguageModel;
import dev.chorus.domain.bot.LlmAnswer;
import dev.chorus.domain.bot.LlmError;
import dev.chorus.domain.persona.Prompt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The bot's {@link LanguageModel} on this member's {@link LlmServerPool} (through {@link LlmPoolProvider}): a lease
 * on the best server, one streamed call, the slot back; the pool's {@link LlmFailure}s become {@link LlmError} values.
 */
@ApplicationScoped
public class PooledLanguageModel implements LanguageModel {
    /** How stale the servers' last probe may get while one of them is down, and while all are up. */
    static final Duration PROBE_AGE_WHILE_DOWN = Duration.ofSeconds(4);
    static final Duration PROBE_AGE_WHILE_UP = Duration.ofSeconds(14);

    @Inject
    LlmPoolProvider llm;

    @Override
    public LlmAnswer complete(Prompt prompt, Duration slotWait, Runnable slotTaken) {
        return complete(prompt, slotWait, slotTaken, text -> { });
    }

    /** Always asks for a streamed completion; a server that does not stream answers in one piece. */
    @Override
    public LlmAnswer complete(Prompt prompt, Duration slotWait, Runnable slotTaken, Consumer<CharSequence> textSoFar) {
        try (LlmServerLease lease = llm.pool().acquire(prompt.model(), slotWait)) {
            slotTaken.run();
            LlmCompletion completion = lease.complete(ChatCompletionRequest.from(prompt, true), textSoFar);
            return LlmAnswer.text(Objects.requireNonNullElse(completion.text(), ""));
        } catch (LlmFailure failure) {
            return LlmAnswer.failed(error(failure));
        }
    }

    @Override
    public int freeSlots() {
        return llm.pool().freeSlots();
    }

    @Override
    public Duration callBudget() {
        LlmSettings settings = llm.settings();
        return settings.connectTimeout().plus(settings.readTimeout());
    }

    @Override
    public void probeIfDue() {
        boolean anyDown = llm.pool().status().stream().anyMatch(s -> s.health() == ServerHealth.DOWN);
        llm.probe(anyDown ? PROBE_AGE_WHILE_DOWN : PROBE_AGE_WHILE_UP);
    }

    /** The failure as the bot's rules see it: its kind, and its text for {@code lastError}. */
    static LlmError error(LlmFailure failure) {
        return new LlmError(kind(failure.kind()), failure.getMessage());
    }

    static LlmError.Kind kind(LlmFailure.Kind kind) {
        return switch (kind) {
            case MODEL_NOT_FOUND -> LlmError.Kind.MODEL_NOT_FOUND;
            case LOADING -> LlmError.Kind.LOADING;
            case CONNECTION_REFUSED -> LlmError.Kind.CONNECTION_REFUSED;
            case UNREACHABLE -> LlmError.Kind.UNREACHABLE;
            case TIMEOUT -> LlmError.Kind.TIMEOUT;
            case HTTP_ERROR -> LlmError.Kind.HTTP_ERROR;
            case MALFORMED -> LlmError.Kind.MALFORMED;
            case EMPTY -> LlmError.Kind.EMPTY;
            case IO_ERROR -> LlmError.Kind.IO_ERROR;
            case NO_SERVER -> LlmError.Kind.NO_SERVER;
            case BUSY -> LlmError.Kind.BUSY;
        };
    }
}
