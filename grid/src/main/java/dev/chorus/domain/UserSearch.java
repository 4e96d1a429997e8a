package dev.chorus.domain;

import java.util.List;

/**
 * The user search ({@code uss}) port: the messages of any of the given users, newest first, paged with
 * {@code offset}/{@code limit}, with the true number that match (docs/api.md). Separate from {@link MessageBoard}:
 * it is a plain history query, never answered from the recent window.
 */
public interface UserSearch {

    /** Messages of any of {@code users}, newest first, skipping the newest {@code offset}; total = all that match. */
    MessageBoard.Page byUsers(List<UserFilter> users, int offset, int limit);
}
