/**
 * Migration from the original board: its export file's messages stored through the normal post path of
 * {@link dev.chorus.application.BoardService} (and so the board port), never straight into SQL, so the cluster's
 * cursor, window and counts stay right. See docs/operations.md, "The bot and migration".
 */
package dev.chorus.application.migration;
