-- The writer epoch: the database's arbiter of who may stamp cursors. Every insert of a new message checks,
-- under this row's lock, that it was stamped in the current epoch; a member that takes over the recent window
-- (after a crash, a pause, a split or a merge) bumps it first, so a writer that no longer holds the window
-- can never again commit a message another member's readers would not see.
CREATE TABLE board_writer (
    id    INTEGER NOT NULL PRIMARY KEY,
    epoch BIGINT  NOT NULL
);
INSERT INTO board_writer (id, epoch) VALUES (1, 0);
