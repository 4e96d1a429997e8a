/**
 * Talking to LLM servers: MicroProfile REST Client interfaces for the OpenAI-compatible API ({@code /chat/completions},
 * {@code /models}) and LM Studio's {@code /api/v0/models}, JSON-B shaped DTOs, classification of failures into
 * {@link dev.chorus.infrastructure.llm.LlmFailure}, and {@link dev.chorus.infrastructure.llm.LlmServerPool}: parallel
 * short-timeout health probes, model affinity, per-server slots and a per-server circuit breaker. Plain classes with
 * constructor-injected {@link dev.chorus.infrastructure.llm.LlmSettings}; CDI producers live elsewhere.
 */
package dev.chorus.infrastructure.llm;
