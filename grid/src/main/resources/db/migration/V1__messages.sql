-- Chorus schema, portable between H2 2.x and PostgreSQL. Applied by Flyway at start-up.
CREATE TABLE messages (
    id             VARCHAR(64)  NOT NULL PRIMARY KEY,
    ts             BIGINT       NOT NULL,
    client_ts      BIGINT,
    text           VARCHAR(1000) NOT NULL,
    username       VARCHAR(16),
    username_key   VARCHAR(16),
    color          CHAR(9)      NOT NULL,
    domain         VARCHAR(253) NOT NULL,
    language       VARCHAR(35)  NOT NULL,
    message_type   VARCHAR(8)   NOT NULL,
    misc           VARCHAR(1000),
    context        VARCHAR(1000000),
    reply_to       VARCHAR(64),
    bot_entity     VARCHAR(64),
    bot_priority   INTEGER,
    bot_model      VARCHAR(200),
    bot_ais        VARCHAR(64),
    bot_nom        VARCHAR(8),
    bot_processed  BOOLEAN,
    bot_status     VARCHAR(16),
    bot_attempts   INTEGER,
    bot_reply_id   VARCHAR(64),
    bot_last_error VARCHAR(1000)
);

-- The polling cursor: strictly increasing, so unique; every list query walks this index.
CREATE UNIQUE INDEX messages_ts ON messages (ts);
CREATE INDEX messages_type_ts ON messages (message_type, ts);
CREATE INDEX messages_username_key_ts ON messages (username_key, ts);
CREATE INDEX messages_unprocessed ON messages (bot_processed, ts);

-- Kept counts for /api/stats and page totals: bumped in the insert's transaction, never computed by a scan.
CREATE TABLE message_counts (
    message_type VARCHAR(8) NOT NULL PRIMARY KEY,
    n            BIGINT     NOT NULL
);
INSERT INTO message_counts (message_type, n) VALUES ('human', 0);
INSERT INTO message_counts (message_type, n) VALUES ('AI', 0);
