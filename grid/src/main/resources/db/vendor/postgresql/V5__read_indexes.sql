-- Reads that stay fast at a million messages (issue 12; figures in docs/performance.md, "A million messages").
-- PostgreSQL only: H2 has neither partial indexes nor trigrams, and its V5 (db/vendor/h2) changes nothing.

-- Pages and counts of visible messages: partial indexes without the hidden rows, so a page's offset is skipped by an
-- index-only scan of the visible timestamps (JdbcMessageRepository.page), and a user search counts by an index-only
-- scan (username_key, color). They replace nothing: the V1 indexes still serve the cursor, which sees hidden rows.
CREATE INDEX IF NOT EXISTS messages_visible_ts ON messages (ts) WHERE hidden = FALSE;
CREATE INDEX IF NOT EXISTS messages_visible_type_ts ON messages (message_type, ts) WHERE hidden = FALSE;
CREATE INDEX IF NOT EXISTS messages_visible_user ON messages (username_key, color) WHERE hidden = FALSE;

-- Free-text search (SearchFilter: LOWER(text) LIKE '%word%' OR LOWER(username) LIKE '%word%') through trigram
-- GIN indexes on exactly those expressions. pg_trgm is a contrib extension, "trusted" since PostgreSQL 13: the
-- database's owner may create it without being a superuser. Where it cannot be created (not installed, or the
-- user lacks the right) this migration does not fail the start: it warns, search keeps working as a scan, and
-- docs/operations.md ("A large board") says how to add the extension and the two indexes later.
-- The operator class is named with the extension's own schema, wherever an operator installed it.
DO $$
DECLARE
    trgm_schema name;
BEGIN
    SELECT n.nspname INTO trgm_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_trgm';
    IF trgm_schema IS NULL THEN
        BEGIN
            CREATE EXTENSION pg_trgm;
        EXCEPTION WHEN OTHERS THEN
            RAISE WARNING 'Chorus: pg_trgm could not be created (% %): search stays a full scan; see docs/operations.md, "A large board"',
                SQLSTATE, SQLERRM;
            RETURN;
        END;
        SELECT n.nspname INTO trgm_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
            WHERE e.extname = 'pg_trgm';
    END IF;
    EXECUTE format('CREATE INDEX IF NOT EXISTS messages_text_trgm ON messages USING gin (LOWER(text) %I.gin_trgm_ops)',
        trgm_schema);
    EXECUTE format('CREATE INDEX IF NOT EXISTS messages_username_trgm ON messages USING gin (LOWER(username) %I.gin_trgm_ops)',
        trgm_schema);
END
$$;
