package dev.chorus.infrastructure.persistence;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageBoard;
import dev.chorus.domain.UserFilter;
import dev.chorus.domain.UserSearch;
import dev.chorus.infrastructure.persistence.jdbc.JdbcMessageRepository;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** {@link UserSearch} on the {@code messages} table: a count and a page, both on the {@code username_key} index. */
@ApplicationScoped
public class JdbcUserSearch implements UserSearch {

    @Inject
    ChorusDatabase database;

    private JdbcMessageRepository history;

    @PostConstruct
    void init() {
        history = database.messages();
    }

    @Override
    public MessageBoard.Page byUsers(List<UserFilter> users, int offset, int limit) {
        long total = history.countByUsers(users);
        List<Message> found = limit == 0 || offset >= total ? List.of() : history.byUsers(users, offset, limit);
        return new MessageBoard.Page(found, total);
    }
}
