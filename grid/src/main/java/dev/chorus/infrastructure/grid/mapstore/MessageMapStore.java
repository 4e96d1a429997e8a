package dev.chorus.infrastructure.grid.mapstore;

import com.hazelcast.map.MapStore;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.infrastructure.persistence.jdbc.JdbcMessageRepository;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Write-through store of the {@code messages} map for changes to stored messages (bot bookkeeping): a change
 * returns only after its row is committed. New messages are never inserted here: the poster inserts them
 * itself under the writer epoch (see JdbcMessageRepository#insertStamped) and only then puts them in the map,
 * so a map entry always has its row. Entries evicted from memory are loaded back on demand. Deletes are
 * ignored: messages are never deleted, eviction does not call them. Failures leave as StorageUnavailableException
 * (the repository translates them), a class every member can deserialise.
 */
public class MessageMapStore implements MapStore<String, Message> {
    private static final Logger LOG = Logger.getLogger(MessageMapStore.class.getName());
    private final JdbcMessageRepository repository = RegisteredDatabase.repository();

    @Override
    public void store(String key, Message value) {
        if (!repository.update(value)) {
            // Only a merge could offer an entry without a row; its poster never acknowledged it.
            LOG.warning(() -> "Message " + key + " has no stored row; not inserted outside the post protocol");
        }
    }

    @Override
    public void storeAll(Map<String, Message> map) {
        map.forEach(this::store);
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
