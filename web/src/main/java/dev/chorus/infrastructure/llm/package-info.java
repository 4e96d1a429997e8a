/**
 * Talking to LLM servers: MicroProfile REST Client interfaces for the OpenAI-compatible API ({@code /chat/completions},
 * {@code /models}) and LM Studio's {@code /api/v0/models}, JSON-B shaped DTOs, classification of failures into
 * {@link dev.chorus.infrastructure.llm.LlmFailure}, and {@link dev.chorus.infrastructure.llm.LlmServerPool}: parallel
 * short-timeout health probes, model affinity, per-server slots and a per-server circuit breaker. Plain classes with
 * constructor-injected {@link dev.chorus.infrastructure.llm.LlmSettings}; the beans are
 * {@link dev.chorus.infrastructure.llm.LlmPoolProvider} (builds the pool) and
 * {@link dev.chorus.infrastructure.llm.PooledLanguageModel}, the adapter of the bot's
 * {@link dev.chorus.application.bot.LanguageModel} port.
 */
package dev.chorus.infrastructure.llm;
