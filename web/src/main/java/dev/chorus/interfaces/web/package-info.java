/**
 * Servlet-level concerns of every request: the {@code Date} header, security headers, the request guard (methods,
 * sizes, query parameters), non-blocking body reads with a deadline, and JSON error pages for whatever the web
 * container answers itself.
 */
package dev.chorus.interfaces.web;
