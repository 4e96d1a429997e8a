package dev.chorus.infrastructure.llm;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link LlmTransport} over MicroProfile REST Client. Per server it builds, on first use, three clients with
 * {@code RestClientBuilder.newBuilder().baseUri(...).connectTimeout(...).readTimeout(...)}: completions with the long
 * read timeout, and the two model listings with the short probe timeouts. (Fault Tolerance's {@code @Timeout} does not
 * interrupt a blocked read, so the client's own timeouts are what bound a call.) The default response exception
 * mapper is disabled so every status reaches {@link LlmErrorClassifier}; a {@link WebApplicationException} is still
 * unwrapped should a runtime ignore that.
 *
 * <p>The REST Client implementation is looked up through the thread's context class loader, so the loader current
 * when this transport is constructed (construct it in the application, e.g. in a CDI producer) is put in place
 * while clients are built, whichever thread first calls a server; {@link #prepare} builds them up front.
 */
public final class RestClientLlmTransport extends AbstractHttpLlmTransport {
    private static final Logger LOG = Logger.getLogger(RestClientLlmTransport.class.getName());
    private static final String DISABLE_DEFAULT_MAPPER = "microprofile.rest.client.disable.default.mapper";

    private final LlmSettings settings;
    private final ClassLoader appLoader;
    private final Map<URI, Clients> clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private record Clients(OpenAiCompatibleApi chat, OpenAiCompatibleApi probe, LmStudioApi lmStudio) {
    }

    /** @see AbstractHttpLlmTransport#AbstractHttpLlmTransport(ScheduledExecutorService, Executor) */
    public RestClientLlmTransport(LlmSettings settings, ScheduledExecutorService deadlines, Executor closer) {
        super(deadlines, closer);
        this.settings = settings;
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        this.appLoader = tccl != null ? tccl : RestClientLlmTransport.class.getClassLoader();
    }

    /** Builds the clients for these servers now, on the calling thread. */
    public void prepare(Collection<URI> baseUrls) {
        for (URI uri : baseUrls) {
            clients.computeIfAbsent(uri, this::build);
        }
    }

    @Override
    protected RawResponse exchange(Endpoint endpoint, URI baseUrl, String jsonBody) {
        if (closed) {
            throw new IllegalStateException("transport closed");
        }
        Clients c = clients.computeIfAbsent(baseUrl, this::build);
        Response response;
        try {
            response = switch (endpoint) {
                case CHAT_COMPLETIONS -> c.chat().chatCompletions(jsonBody);
                case MODELS -> c.probe().models();
                case LM_STUDIO_MODELS -> c.lmStudio().models();
            };
        } catch (WebApplicationException e) {
            response = e.getResponse();
        }
        try {
            String body = "";
            if (response.hasEntity()) {
                try {
                    body = response.readEntity(String.class);
                } catch (RuntimeException e) {
                    if (response.getStatus() >= 200 && response.getStatus() <= 299) {
                        throw e;
                    }
                }
            }
            return new RawResponse(response.getStatus(), body);
        } finally {
            response.close();
        }
    }

    @Override
    protected Duration completionReadTimeout() {
        return settings.readTimeout();
    }

    /** The streamed completion: the entity read as it arrives; closing the body closes the response. */
    @Override
    protected OpenResponse open(URI baseUrl, String jsonBody) {
        if (closed) {
            throw new IllegalStateException("transport closed");
        }
        Clients c = clients.computeIfAbsent(baseUrl, this::build);
        Response response;
        try {
            response = c.chat().chatCompletions(jsonBody);
        } catch (WebApplicationException e) {
            response = e.getResponse();
        }
        Response answer = response;
        try {
            InputStream entity = answer.hasEntity() ? answer.readEntity(InputStream.class) : InputStream.nullInputStream();
            InputStream body = new FilterInputStream(entity) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        answer.close();
                    }
                }
            };
            return new OpenResponse(answer.getStatus(), String.valueOf(answer.getMediaType()), body);
        } catch (RuntimeException e) {
            answer.close();
            throw e;
        }
    }

    private Clients build(URI baseUrl) {
        long connect = settings.connectTimeout().toMillis();
        long read = settings.readTimeout().toMillis();
        long probe = settings.probeTimeout().toMillis();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(appLoader);
        try {
            return new Clients(
                    client(Endpoint.CHAT_COMPLETIONS.base(baseUrl), connect, read, OpenAiCompatibleApi.class),
                    client(Endpoint.MODELS.base(baseUrl), probe, probe, OpenAiCompatibleApi.class),
                    client(Endpoint.LM_STUDIO_MODELS.base(baseUrl), probe, probe, LmStudioApi.class));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static <T> T client(URI base, long connectMillis, long readMillis, Class<T> api) {
        return RestClientBuilder.newBuilder()
                .baseUri(base)
                .connectTimeout(connectMillis, TimeUnit.MILLISECONDS)
                .readTimeout(readMillis, TimeUnit.MILLISECONDS)
                .property(DISABLE_DEFAULT_MAPPER, Boolean.TRUE)
                .build(api);
    }

    /** Forgets (and closes) the clients of servers no longer in {@code keep}. */
    public void retainServers(Collection<URI> keep) {
        clients.keySet().removeIf(uri -> {
            if (keep.contains(uri)) {
                return false;
            }
            closeQuietly(clients.get(uri));
            return true;
        });
    }

    @Override
    public void close() {
        closed = true;
        clients.values().forEach(RestClientLlmTransport::closeQuietly);
        clients.clear();
    }

    private static void closeQuietly(Clients c) {
        if (c == null) {
            return;
        }
        for (AutoCloseable client : new AutoCloseable[]{c.chat(), c.probe(), c.lmStudio()}) {
            try {
                client.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "closing an LLM REST client", e);
            }
        }
    }
}
