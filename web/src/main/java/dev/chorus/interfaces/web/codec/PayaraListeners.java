package dev.chorus.interfaces.web.codec;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.grizzly.Processor;
import org.glassfish.grizzly.Transport;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.http.HttpCodecFilter;

/**
 * The HTTP codec filter of each of Payara's network listeners, found the way Payara's own web container finds
 * it to add its access-log probe ({@code VirtualServer.addProbes}): the listener configurations from the
 * service locator, each one's running Grizzly listener from {@code GrizzlyService}, the codec in that
 * listener's filter chain. Reflection, because these are Payara's internal classes (no compile-time
 * dependency on them); only Grizzly's own types are used directly.
 */
final class PayaraListeners {
    private PayaraListeners() {
    }

    static List<HttpCodecFilter> codecFilters() throws ReflectiveOperationException {
        ClassLoader server = HttpCodecFilter.class.getClassLoader();
        Class<?> locatorType = Class.forName("org.glassfish.hk2.api.ServiceLocator", true, server);
        Class<?> grizzlyServiceType = Class.forName("com.sun.enterprise.v3.services.impl.GrizzlyService", true, server);
        Class<?> listenerConfigType = Class.forName("org.glassfish.grizzly.config.dom.NetworkListener", true, server);
        Object locator = Class.forName("org.glassfish.internal.api.Globals", true, server)
                .getMethod("getDefaultHabitat").invoke(null);
        Method getService = locatorType.getMethod("getService", Class.class, Annotation[].class);
        Method getAllServices = locatorType.getMethod("getAllServices", Class.class, Annotation[].class);
        Object grizzlyService = getService.invoke(locator, grizzlyServiceType, new Annotation[0]);
        Method lookup = grizzlyServiceType.getMethod("lookupNetworkProxy", listenerConfigType);
        List<HttpCodecFilter> codecs = new ArrayList<>();
        for (Object config : (List<?>) getAllServices.invoke(locator, listenerConfigType, new Annotation[0])) {
            Object proxy = lookup.invoke(grizzlyService, config);
            if (proxy == null) {
                continue; // a listener that is not running (disabled, or the admin listener Micro lacks)
            }
            Object listener = proxy.getClass().getMethod("getUnderlyingListener").invoke(proxy);
            Object transport = listener.getClass().getMethod("getTransport").invoke(listener);
            Processor<?> processor = transport instanceof Transport t ? t.getProcessor() : null;
            if (processor instanceof FilterChain chain) {
                for (Filter filter : chain) {
                    if (filter instanceof HttpCodecFilter codec && !codecs.contains(codec)) {
                        codecs.add(codec);
                    }
                }
            }
        }
        if (codecs.isEmpty()) {
            throw new IllegalStateException("no HTTP codec in any running listener");
        }
        return codecs;
    }
}
