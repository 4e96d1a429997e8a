package dev.chorus.infrastructure.persistence;

import dev.chorus.application.HiddenMessages;
import dev.chorus.domain.MessageId;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@link HiddenMessages} from the {@code messages} table's {@code hidden} flag (V4), by primary key. */
@ApplicationScoped
public class JdbcHiddenMessages implements HiddenMessages {

    @Inject
    ChorusDatabase database;

    private Sql sql;

    @PostConstruct
    void init() {
        sql = database.sql();
    }

    @Override
    public boolean isHidden(MessageId id) {
        return sql.query("SELECT hidden FROM messages WHERE id = ?", s -> s.setString(1, id.value()),
                row -> row.getBoolean(1)).stream().findFirst().orElse(false);
    }
}
