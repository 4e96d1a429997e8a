package dev.chorus.infrastructure.llm;

import dev.chorus.application.config.Settings;
import dev.chorus.infrastructure.personas.PersonaCatalog;
import dev.chorus.infrastructure.personas.PersonaCatalogSnapshot;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

/**
 * Builds this member's {@link LlmServerPool} once, on the deploying (application) thread, so the MicroProfile
 * REST Client is found through the application's class loader: settings from MicroProfile Config
 * ({@code chorus.llm.*}), servers from CHORUS_LLM_SERVERS, else the entities file's {@code lmStudioServers}. When
 * the entities file changes, the server list follows it (unless CHORUS_LLM_SERVERS pins it). Probes run in
 * parallel on the managed executor; {@link #probe()} is called by the bot's scheduler.
 * (A holder bean rather than a producer: the pool is a final class, which a normal-scoped producer cannot proxy.)
 */
@ApplicationScoped
public class LlmPoolProvider {
    private static final Logger LOG = Logger.getLogger(LlmPoolProvider.class.getName());

    @Inject
    Settings configuration;

    @Inject
    PersonaCatalog catalog;

    @Inject
    LlmMetricsListener metrics;

    @Resource
    ManagedExecutorService executor;

    /** Times streamed completions' deadlines. */
    @Resource
    ManagedScheduledExecutorService scheduler;

    /**
     * Closes a completion whose deadline passed, on a thread of its own: the close may wait for the read in
     * progress, and must not hold a pool's thread (or queue behind another close) meanwhile. Rare: only a
     * server that breaks the deadline costs one.
     */
    @Resource
    ManagedThreadFactory threads;

    /** As configured: {@link LlmSettings#serversConfigured()} decides whether the entities file's servers count. */
    private LlmSettings configured;
    /** As used: over the servers in use. */
    private LlmSettings settings;
    private RestClientLlmTransport transport;
    private LlmServerPool pool;

    @PostConstruct
    void init() {
        configured = LlmSettings.from(configuration);
        List<URI> servers = configured.effectiveServers(catalog.snapshot().llmServerUrls());
        settings = configured.withServers(servers);
        transport = new RestClientLlmTransport(settings, scheduler, command -> threads.newThread(command).start());
        transport.prepare(servers);
        pool = new LlmServerPool(settings, transport, executor, metrics);
        catalog.onChange(this::followCatalog);
        LOG.info(() -> "LLM servers " + servers + ", " + settings.slotsPerServer() + " slot(s) each, read timeout "
                + settings.readTimeout().toSeconds() + " s");
    }

    /**
     * Builds the pool at deployment even if nothing asks for it yet, so a bad {@code chorus.llm.*} value fails
     * the deployment.
     */
    void check(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // the pool was built in init()
    }

    private void followCatalog(PersonaCatalogSnapshot snapshot) {
        List<URI> servers = configured.effectiveServers(snapshot.llmServerUrls());
        if (!servers.equals(pool.servers())) {
            transport.prepare(servers);
            pool.updateServers(servers);
            transport.retainServers(servers);
            LOG.info(() -> "LLM servers now " + servers);
        }
    }

    public LlmServerPool pool() {
        return pool;
    }

    public LlmSettings settings() {
        return settings;
    }

    /** Probes every server when the last probe is older than {@code maxAge} (parallel, short timeouts). */
    public void probe(Duration maxAge) {
        pool.probeIfStale(maxAge);
    }

    @PreDestroy
    void close() {
        pool.close();
        transport.close();
    }
}
