/**
 * Answers given below the web container, in Grizzly's HTTP codec, where no servlet, filter or error page runs:
 * a request the codec cannot parse (headers over its buffer, a header value that is not visible ASCII, a bare CR
 * or LF, a body whose framing is broken), an address the container cannot normalise ({@code /%2e%2e/},
 * {@code /a%zz}), and request headers that do not arrive within a total deadline. Each gets the JSON error of
 * docs/api.md instead of the container's empty answer (or, for slow headers, none at all), and none of them
 * leaves a stack trace in the log (each kind is logged once a minute, as the application's own refusals are).
 *
 * <p>Why a codec probe: Payara builds its codec filter itself (no setting names an error page or a filter of
 * ours), and the codec writes its own empty error answer. {@link org.glassfish.grizzly.http.HttpProbe} is the
 * one public hook on that codec: it is told of every parse error just before the codec answers, with the
 * request's response still uncommitted, so the answer written here is the one the client gets and the codec's
 * own finds the response committed and adds nothing. The refusals themselves are the codec's: nothing here
 * accepts what the codec refuses.
 */
package dev.chorus.interfaces.web.codec;
