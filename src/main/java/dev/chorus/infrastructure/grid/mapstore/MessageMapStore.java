package dev.chorus.infrastructure.grid.mapstore;

import com.hazelcast.map.MapStore;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.infrastructure.persistence.jdbc.JdbcMessageRepository;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Write-through store of the {@code messages} map: a put returns only after the row is committed, which is
 * what lets a 2xx mean "durable". Entries evicted from memory are loaded back on demand. Deletes are ignored:
 * messages are never deleted, eviction does not call them.
 */
public class MessageMapStore implements MapStore<String, Message> {
    private final JdbcMessageRepository repository = RegisteredDatabase.repository();

    @Override
    public void store(String key, Message value) {
        repository.save(value);
    }

    @Override
    public void storeAll(Map<String, Message> map) {
        map.values().forEach(repository::save);
    }

    @Override
    public void delete(String key) {
        // Messages are never deleted.
    }

    @Override
    public void deleteAll(Collection<String> keys) {
        // Messages are never deleted.
    }

    @Override
    public Message load(String key) {
        return repository.find(new MessageId(key)).orElse(null);
    }

    @Override
    public Map<String, Message> loadAll(Collection<String> keys) {
        Map<String, Message> found = new HashMap<>();
        for (String key : keys) {
            Message message = load(key);
            if (message != null) {
                found.put(key, message);
            }
        }
        return found;
    }

    @Override
    public Iterable<String> loadAllKeys() {
        return null; // lazy: history stays in the database until asked for
    }
}
