package dev.chorus.interfaces.rest;

import dev.chorus.application.Caller;
import dev.chorus.application.moderation.IpAddress;
import dev.chorus.interfaces.HttpSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Who is calling. The client address is the peer address; {@code X-Forwarded-For} is believed only when the
 * peer is a configured proxy (then the right-most address that is not a proxy counts), so a client cannot
 * choose its own rate-limit bucket. Every address (the proxies, the peer, each hop) is compared and returned in
 * {@link IpAddress}'s canonical form, port dropped, so {@code ::1} is {@code 0:0:0:0:0:0:0:1} and a hop
 * {@code 1.2.3.4:5678} is the client {@code 1.2.3.4} for the rate limit and for bans. The bot and operator credentials are Bearer tokens compared in constant time.
 */
@ApplicationScoped
public class CallerResolver {

    @Inject
    HttpSettings settings;

    public Caller resolve(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return new Caller(clientAddress(request), hasBotCredential(authorization),
                presents(settings.operatorToken(), authorization));
    }

    boolean hasBotCredential(String authorization) {
        return presents(settings.botToken(), authorization);
    }

    /** Whether {@code authorization} is {@code Bearer <token>}, compared in constant time; never for an unset token. */
    private static boolean presents(Optional<String> token, String authorization) {
        if (token.isEmpty() || authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token.get().getBytes(StandardCharsets.UTF_8),
                authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8));
    }

    String clientAddress(HttpServletRequest request) {
        return clientAddress(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
    }

    /**
     * The canonical client address for a TCP peer and its {@code X-Forwarded-For} (null: none). A hop that is
     * not an address literal (some proxies write {@code unknown}) is kept as written: it was written by a
     * trusted proxy, never chosen by the client past it.
     */
    String clientAddress(String remoteAddress, String forwarded) {
        String peer = IpAddress.canonicalOrSelf(remoteAddress);
        List<String> proxies = settings.trustedProxies();
        if (forwarded == null || !proxies.contains(peer)) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = IpAddress.canonicalOrSelf(hops[i].trim());
            if (!hop.isEmpty() && !proxies.contains(hop)) {
                return hop;
            }
        }
        return peer;
    }
}
