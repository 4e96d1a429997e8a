/**
 * Live push over Server-Sent Events ({@code GET /api/stream}): the HTTP side only — connections, cursors,
 * event framing, heartbeats. Messages and change notifications come from the application's
 * {@code BoardFeed}: the messages by the polling read, so push and polling can never disagree.
 */
package dev.chorus.interfaces.sse;
