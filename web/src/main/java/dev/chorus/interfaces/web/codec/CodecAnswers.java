package dev.chorus.interfaces.web.codec;

import dev.chorus.interfaces.HttpSettings;
import dev.chorus.interfaces.sse.StreamSettings;
import dev.chorus.interfaces.web.OncePerMinute;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.http.HttpCodecFilter;
import org.glassfish.grizzly.memory.Buffers;

/**
 * Puts the {@link CodecProbe} on the HTTP codec of every listener when the application starts, and takes it off
 * when it stops (a probe left behind would hold this application's classes). Until the application is
 * deployed, the container's own answers stand (no application answers then anyway).
 */
@WebListener
public class CodecAnswers implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(CodecAnswers.class.getName());

    @Inject
    HttpSettings settings;

    @Inject
    StreamSettings streamSettings;

    private List<HttpCodecFilter> codecs = List.of();
    private CodecProbe probe;
    private HeaderDeadline deadline;
    private BrokenBodyLog brokenBodyLog;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            codecs = PayaraListeners.codecFilters();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "HTTP codec not found ({0}): malformed requests get the container''s empty answers,"
                    + " request headers have no total deadline", String.valueOf(e));
            return;
        }
        int limit = settings.headerTimeoutMillis();
        deadline = new HeaderDeadline(limit, connection -> headersLate(connection, limit));
        probe = new CodecProbe(deadline, new StreamWriteQueue(streamSettings.streamWriteQueueBytes()));
        for (HttpCodecFilter codec : codecs) {
            codec.getMonitoringConfig().addProbes(probe);
        }
        brokenBodyLog = BrokenBodyLog.install();
        LOG.log(Level.INFO, "JSON answers for the HTTP codec''s refusals and a {0} ms header deadline on {1} listener(s)",
                new Object[] {limit, codecs.size()});
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        for (HttpCodecFilter codec : codecs) {
            codec.getMonitoringConfig().removeProbes(probe);
        }
        codecs = List.of();
        if (deadline != null) {
            deadline.close();
        }
        if (brokenBodyLog != null) {
            brokenBodyLog.uninstall();
        }
    }

    /** 408 with the JSON error, then the connection closed once it is written (sweeper thread). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void headersLate(Connection connection, int limitMillis) {
        OncePerMinute.log("408 headers", "request headers not complete within " + limitMillis + " ms from "
                + connection.getPeerAddress());
        byte[] bytes = CodecReplies.raw(new CodecReplies.Reply(408, "Request Timeout", "408 headers",
                CodecReplies.HEADERS_LATE));
        connection.write(Buffers.wrap(connection.getMemoryManager(), bytes), new EmptyCompletionHandler() {
            @Override
            public void completed(Object result) {
                connection.closeSilently();
            }

            @Override
            public void failed(Throwable error) {
                connection.closeSilently();
            }
        });
    }
}
