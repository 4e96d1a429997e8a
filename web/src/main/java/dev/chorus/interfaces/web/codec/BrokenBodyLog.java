package dev.chorus.interfaces.web.codec;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.glassfish.grizzly.http.HttpBrokenContentException;

/**
 * Keeps a malformed request body out of the log as a stack trace. After the codec refuses a body (a chunk size
 * that is not hexadecimal, say) and the probe has answered it, Grizzly hands the broken body on and the next
 * filter's read of it throws again; the filter chain logs that as a WARNING with a 20-line stack trace, per
 * request: a cheap way for a client to fill the disk. Only that exception is dropped from the filter chain's
 * logger; the refusal itself is logged once a minute by the probe ({@code Refused (400 framing)}), and every
 * other exception the chain logs stays.
 */
final class BrokenBodyLog implements Filter {
    /** The logger of Grizzly's {@code DefaultFilterChain} (Grizzly names its loggers after their classes). */
    private static final String CHAIN_LOGGER = "org.glassfish.grizzly.filterchain.DefaultFilterChain";

    private final Logger logger = Logger.getLogger(CHAIN_LOGGER);
    private final Filter previous = logger.getFilter();

    static BrokenBodyLog install() {
        BrokenBodyLog filter = new BrokenBodyLog();
        filter.logger.setFilter(filter);
        return filter;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (isBrokenBody(record.getThrown())) {
            return false;
        }
        return previous == null || previous.isLoggable(record);
    }

    static boolean isBrokenBody(Throwable thrown) {
        return thrown instanceof HttpBrokenContentException;
    }

    /** Puts back what was there (an application that stops must not leave its classes in a server logger). */
    void uninstall() {
        if (logger.getFilter() == this) {
            logger.setFilter(previous);
        }
    }
}
