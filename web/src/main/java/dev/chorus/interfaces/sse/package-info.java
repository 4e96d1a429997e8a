/**
 * Live push over Server-Sent Events ({@code GET /api/stream}): the HTTP side only — connections, cursors,
 * event framing, heartbeats. Change notifications come from {@code infrastructure.grid.WindowReplica}; the
 * messages themselves from the application's polling read, so push and polling can never disagree.
 */
package dev.chorus.interfaces.sse;
