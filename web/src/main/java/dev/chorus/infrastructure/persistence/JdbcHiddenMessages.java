package dev.chorus.infrastructure.persistence;

import dev.chorus.application.HiddenMessages;
import dev.chorus.domain.MessageId;
import dev.chorus.infrastructure.persistence.jdbc.JdbcMessageRepository;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@link HiddenMessages} from the {@code messages} table's {@code hidden} flag (V4), asked of the grid module's
 * {@link JdbcMessageRepository}, which owns that table's SQL.
 */
@ApplicationScoped
public class JdbcHiddenMessages implements HiddenMessages {

    @Inject
    ChorusDatabase database;

    private JdbcMessageRepository history;

    @PostConstruct
    void init() {
        history = database.messages();
    }

    @Override
    public boolean isHidden(MessageId id) {
        return history.isHidden(id);
    }
}
