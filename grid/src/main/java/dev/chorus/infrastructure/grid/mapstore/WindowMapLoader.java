package dev.chorus.infrastructure.grid.mapstore;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapLoader;
import com.hazelcast.map.MapLoaderLifecycleSupport;
import dev.chorus.domain.RecentWindow;
import dev.chorus.infrastructure.persistence.jdbc.JdbcMessageRepository;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;

/**
 * Rebuilds the recent window from the database when the grid has none (cold start, or the whole cluster was
 * restarted), so no reader ever sees it empty while messages exist. The window itself is never written
 * back: it is derived from the messages table, which is written through.
 */
public class WindowMapLoader implements MapLoader<String, RecentWindow>, MapLoaderLifecycleSupport {
    public static final String CAPACITY_PROPERTY = "capacity";
    private final JdbcMessageRepository repository = RegisteredDatabase.repository();
    private int capacity = RecentWindow.DEFAULT_CAPACITY;

    @Override
    public void init(HazelcastInstance hazelcastInstance, Properties properties, String mapName) {
        capacity = Integer.parseInt(properties.getProperty(CAPACITY_PROPERTY, String.valueOf(capacity)));
    }

    @Override
    public void destroy() {
        // nothing held
    }

    @Override
    public RecentWindow load(String key) {
        return RecentWindow.restored(repository.newest(capacity), repository.counts(), repository.maxTimestamp(),
                capacity);
    }

    @Override
    public Map<String, RecentWindow> loadAll(Collection<String> keys) {
        Map<String, RecentWindow> loaded = new java.util.HashMap<>();
        keys.forEach(key -> loaded.put(key, load(key)));
        return loaded;
    }

    @Override
    public Iterable<String> loadAllKeys() {
        return null; // loaded on first access of the single window key
    }
}
