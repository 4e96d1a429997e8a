-- H2's V5 changes nothing (PostgreSQL's, db/vendor/postgresql, adds partial and trigram indexes). H2 has neither:
-- on H2 a free-text search is a scan of the messages table (LOWER(text) LIKE '%word%'), a page deep in the history
-- walks the ts index from the nearer end, and a user search counts on the username_key index. Fine for the
-- embedded default's boards; a board of a million messages belongs on PostgreSQL (docs/operations.md).
SELECT 1;
