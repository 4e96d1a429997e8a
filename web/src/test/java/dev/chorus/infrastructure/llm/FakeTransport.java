package dev.chorus.infrastructure.llm;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Scriptable in-memory transport: per server, a behaviour for each call, with in-flight accounting. */
final class FakeTransport implements LlmTransport {

    @FunctionalInterface
    interface Call<T> {
        T run(URI server) throws LlmFailure, InterruptedException;
    }

    final Map<URI, Call<LmStudioModelList>> lmStudio = new ConcurrentHashMap<>();
    final Map<URI, Call<ModelList>> models = new ConcurrentHashMap<>();
    final Map<URI, Call<ChatCompletionResponse>> chat = new ConcurrentHashMap<>();
    final Map<URI, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    final Map<URI, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();
    final Map<URI, AtomicInteger> chatCalls = new ConcurrentHashMap<>();
    final AtomicInteger probeCalls = new AtomicInteger();

    static ChatCompletionResponse reply(String text) {
        return new ChatCompletionResponse("id", null,
                List.of(new ChatCompletionResponse.Choice(0, new ChatCompletionResponse.Message("assistant", text), "stop")),
                null);
    }

    static LmStudioModelList lmModels(String loaded, String... notLoaded) {
        List<LmStudioModelList.Model> list = new java.util.ArrayList<>();
        if (loaded != null) {
            list.add(new LmStudioModelList.Model(loaded, "llm", "loaded", "Q4_K_M", 4096));
        }
        for (String n : notLoaded) {
            list.add(new LmStudioModelList.Model(n, "llm", "not-loaded", "Q4_K_M", 4096));
        }
        return new LmStudioModelList(list);
    }

    static LlmFailure failure(LlmFailure.Kind kind, URI server) {
        return LlmFailure.of(kind, server, "scripted");
    }

    @Override
    public ChatCompletionResponse chatCompletion(URI baseUrl, ChatCompletionRequest request) throws LlmFailure {
        chatCalls.computeIfAbsent(baseUrl, k -> new AtomicInteger()).incrementAndGet();
        int now = inFlight.computeIfAbsent(baseUrl, k -> new AtomicInteger()).incrementAndGet();
        maxInFlight.computeIfAbsent(baseUrl, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        try {
            Call<ChatCompletionResponse> c = chat.get(baseUrl);
            return c == null ? reply("hello from " + baseUrl.getPort()) : run(c, baseUrl);
        } finally {
            inFlight.get(baseUrl).decrementAndGet();
        }
    }

    @Override
    public ModelList listModels(URI baseUrl) throws LlmFailure {
        probeCalls.incrementAndGet();
        Call<ModelList> c = models.get(baseUrl);
        if (c == null) {
            throw LlmFailure.http(LlmFailure.Kind.HTTP_ERROR, 404, baseUrl, "no such endpoint");
        }
        return run(c, baseUrl);
    }

    @Override
    public LmStudioModelList loadedModels(URI baseUrl) throws LlmFailure {
        probeCalls.incrementAndGet();
        Call<LmStudioModelList> c = lmStudio.get(baseUrl);
        if (c == null) {
            throw LlmFailure.http(LlmFailure.Kind.HTTP_ERROR, 404, baseUrl, "no such endpoint");
        }
        return run(c, baseUrl);
    }

    private static <T> T run(Call<T> c, URI server) throws LlmFailure {
        try {
            return c.run(server);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LlmFailure.of(LlmFailure.Kind.IO_ERROR, server, "interrupted");
        }
    }

    int maxInFlight(URI server) {
        AtomicInteger a = maxInFlight.get(server);
        return a == null ? 0 : a.get();
    }

    int chatCalls(URI server) {
        AtomicInteger a = chatCalls.get(server);
        return a == null ? 0 : a.get();
    }
}
