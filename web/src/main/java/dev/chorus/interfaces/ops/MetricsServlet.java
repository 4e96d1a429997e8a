package dev.chorus.interfaces.ops;

import dev.chorus.interfaces.web.JsonError;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metric;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * {@code /metrics[?scope=base|vendor|application]} in the Prometheus text format, for
 * {@linkplain Operators operators} only (401 JSON otherwise). The container's own open endpoint is switched off
 * in {@code server-config/preboot.asadmin}. Counters are {@code <name>_total}, gauges {@code <name>}, timers
 * {@code <name>_seconds_count|sum|max}, histograms {@code <name>_count|sum|max}; dots become underscores; each
 * line carries its tags and {@code mp_scope}. The base scope (heap, threads, GC, uptime) comes from the JVM's
 * platform MXBeans when the container's registry has none.
 */
@WebServlet(urlPatterns = {"/metrics", "/metrics/*"})
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    @RegistryScope(scope = MetricRegistry.BASE_SCOPE)
    transient MetricRegistry base;

    @Inject
    @RegistryScope(scope = MetricRegistry.VENDOR_SCOPE)
    transient MetricRegistry vendor;

    @Inject
    transient MetricRegistry application;

    @Inject
    transient Operators operators;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!operators.isOperator(request)) {
            response.setHeader("WWW-Authenticate", "Bearer");
            JsonError.write(response, 401, "Metrics are for operators: send the bot credential (Authorization: Bearer ...)", null);
            return;
        }
        String scope = request.getParameter("scope");
        StringBuilder out = new StringBuilder(16_384);
        if (scope == null || "base".equals(scope)) {
            if (base.getMetrics().isEmpty()) {
                jvm(out); // the container fills the base scope only for its own endpoint, switched off here
            } else {
                render(out, "base", base);
            }
        }
        if (scope == null || "vendor".equals(scope)) {
            render(out, "vendor", vendor);
        }
        if (scope == null || "application".equals(scope)) {
            render(out, "application", application);
        }
        byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("text/plain; version=0.0.4; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void render(StringBuilder out, String scope, MetricRegistry registry) {
        Map<MetricID, Metric> metrics = new java.util.TreeMap<>(registry.getMetrics());
        for (Map.Entry<MetricID, Metric> entry : metrics.entrySet()) {
            String name = entry.getKey().getName().replaceAll("[^A-Za-z0-9_]", "_");
            String tags = tags(entry.getKey(), scope);
            Metric metric = entry.getValue();
            try {
                if (metric instanceof Counter counter) {
                    line(out, name + "_total", tags, counter.getCount());
                } else if (metric instanceof Gauge<?> gauge) {
                    Object value = gauge.getValue();
                    if (value instanceof Number number) {
                        line(out, name, tags, number.doubleValue());
                    }
                } else if (metric instanceof Timer timer) {
                    line(out, name + "_seconds_count", tags, timer.getCount());
                    line(out, name + "_seconds_sum", tags, timer.getElapsedTime().toNanos() / 1e9);
                    line(out, name + "_seconds_max", tags, timer.getSnapshot().getMax() / 1e9);
                } else if (metric instanceof Histogram histogram) {
                    line(out, name + "_count", tags, histogram.getCount());
                    line(out, name + "_sum", tags, histogram.getSum());
                    line(out, name + "_max", tags, histogram.getSnapshot().getMax());
                }
            } catch (RuntimeException e) {
                // a gauge whose source is gone (e.g. during shutdown) is left out
            }
        }
    }

    /** The JVM figures of the MicroProfile base scope, read from the platform MXBeans. */
    private static void jvm(StringBuilder out) {
        String tags = "{mp_scope=\"base\"}";
        var memory = ManagementFactory.getMemoryMXBean();
        line(out, "memory_usedHeap_bytes", tags, memory.getHeapMemoryUsage().getUsed());
        line(out, "memory_committedHeap_bytes", tags, memory.getHeapMemoryUsage().getCommitted());
        line(out, "memory_maxHeap_bytes", tags, memory.getHeapMemoryUsage().getMax());
        line(out, "memory_usedNonHeap_bytes", tags, memory.getNonHeapMemoryUsage().getUsed());
        long afterGc = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                afterGc += pool.getCollectionUsage().getUsed();
            }
        }
        // live data: what each heap pool held right after its last collection (garbage excluded)
        line(out, "memory_usedHeapAfterGc_bytes", tags, afterGc);
        var threads = ManagementFactory.getThreadMXBean();
        line(out, "thread_count", tags, threads.getThreadCount());
        line(out, "thread_max_count", tags, threads.getPeakThreadCount());
        long collections = 0;
        long collectionMillis = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += Math.max(0, gc.getCollectionCount());
            collectionMillis += Math.max(0, gc.getCollectionTime());
        }
        line(out, "gc_total", tags, collections);
        line(out, "gc_time_seconds", tags, collectionMillis / 1000.0);
        line(out, "jvm_uptime_seconds", tags, ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        line(out, "cpu_availableProcessors", tags, Runtime.getRuntime().availableProcessors());
    }

    private static String tags(MetricID id, String scope) {
        StringBuilder tags = new StringBuilder("{");
        for (Tag tag : id.getTagsAsArray()) {
            tags.append(tag.getTagName().replaceAll("[^A-Za-z0-9_]", "_")).append("=\"")
                    .append(tag.getTagValue().replace("\\", "\\\\").replace("\"", "\\\"")).append("\",");
        }
        return tags.append("mp_scope=\"").append(scope).append("\"}").toString();
    }

    private static void line(StringBuilder out, String name, String tags, double value) {
        out.append(name).append(tags).append(' ').append(value).append('\n');
    }
}
