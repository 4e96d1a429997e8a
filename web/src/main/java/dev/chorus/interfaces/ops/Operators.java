package dev.chorus.interfaces.ops;

import dev.chorus.application.moderation.IpAddress;
import dev.chorus.interfaces.HttpSettings;
import dev.chorus.interfaces.rest.CallerResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Who counts as an operator: a caller with the operator or the bot credential ({@code Authorization: Bearer
 * <CHORUS_OPERATOR_TOKEN>} or {@code <CHORUS_BOT_TOKEN>}), or a peer whose address is listed in {@code chorus.management.address} (a monitoring host). The peer address is
 * the TCP peer, never a forwarded header.
 */
@ApplicationScoped
public class Operators {

    @Inject
    CallerResolver callers;

    @Inject
    HttpSettings settings;

    boolean isOperator(HttpServletRequest request) {
        var caller = callers.resolve(request);
        return caller.bot() || caller.operator() || settings.managementAddresses()
                .contains(IpAddress.canonicalOrSelf(request.getRemoteAddr()));
    }
}
