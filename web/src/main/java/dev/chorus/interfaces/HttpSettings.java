package dev.chorus.interfaces;

import dev.chorus.application.config.InvalidSettingException;
import dev.chorus.application.config.Settings;
import dev.chorus.application.moderation.IpAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * What the HTTP side needs to know about its callers: the bot and operator credentials, the proxies whose
 * {@code X-Forwarded-For} is believed, the CORS origins, the operators' addresses and the body deadline.
 * Defaults: META-INF/microprofile-config.properties; read once at deployment (a bad value stops it).
 */
@ApplicationScoped
public class HttpSettings {
    static final String BOT_TOKEN = "chorus.bot.token";
    static final String OPERATOR_TOKEN = "chorus.operator.token";
    static final String TRUSTED_PROXIES = "chorus.trusted-proxies";
    static final String ALLOWED_ORIGINS = "chorus.cors.allowed-origins";
    static final String MANAGEMENT_ADDRESS = "chorus.management.address";
    static final String BODY_TIMEOUT_MILLIS = "chorus.http.body-timeout-millis";
    static final String HEADER_TIMEOUT_MILLIS = "chorus.http.header-timeout-millis";

    private Optional<String> botToken;
    private Optional<String> operatorToken;
    private List<String> trustedProxies;
    private List<String> allowedOrigins;
    private List<String> managementAddresses;
    private int bodyTimeoutMillis;
    private int headerTimeoutMillis;

    /** For the CDI proxy only. */
    protected HttpSettings() {
    }

    @Inject
    public HttpSettings(Settings settings) {
        botToken = settings.optional(BOT_TOKEN);
        operatorToken = settings.optional(OPERATOR_TOKEN);
        if (operatorToken.isPresent() && operatorToken.equals(botToken)) {
            throw InvalidSettingException.sameAs(OPERATOR_TOKEN, BOT_TOKEN, "whoever holds the bot's host would"
                    + " hold the operator's credential too");
        }
        trustedProxies = addresses(settings, TRUSTED_PROXIES);
        allowedOrigins = settings.list(ALLOWED_ORIGINS);
        // canonical too, but a non-literal is kept (it matches no peer): "none" is how a test says nobody
        managementAddresses = settings.list(MANAGEMENT_ADDRESS).stream().map(IpAddress::canonicalOrSelf).toList();
        bodyTimeoutMillis = settings.intAtLeast(BODY_TIMEOUT_MILLIS, 100);
        headerTimeoutMillis = settings.intAtLeast(HEADER_TIMEOUT_MILLIS, 100);
    }

    /**
     * A list of address literals in {@link IpAddress}'s canonical form, so {@code ::1} matches the
     * {@code 0:0:0:0:0:0:0:1} a socket reports; a value that is not one stops the deployment (a host name would
     * never match a peer address: nothing is looked up).
     */
    private static List<String> addresses(Settings settings, String key) {
        return settings.list(key).stream().map(item -> IpAddress.canonical(item).orElseThrow(
                () -> new InvalidSettingException(key, settings.optional(key).orElse(item),
                        "IPv4 or IPv6 address literals, comma-separated")))
                .distinct().toList();
    }

    /** Creates the bean at deployment, so a bad value fails the deployment rather than a request. */
    void check(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // reading happened in the constructor
    }

    /** The bot credential ({@code Authorization: Bearer …}); unset: bot and operator calls are refused. */
    public Optional<String> botToken() {
        return botToken;
    }

    /** The operator credential (moderation, the bot queue); unset: only the bot token opens the bot queue. */
    public Optional<String> operatorToken() {
        return operatorToken;
    }

    /** The proxies whose {@code X-Forwarded-For} is believed, canonical ({@link IpAddress}). */
    public List<String> trustedProxies() {
        return trustedProxies;
    }

    /** Read on every response (CORS): split once, at deployment. */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /**
     * Peer addresses that may read /metrics and health details without the bot credential, e.g. a monitoring
     * host; canonical ({@link IpAddress}); unset: only the credential opens them.
     */
    public List<String> managementAddresses() {
        return managementAddresses;
    }

    /** The longest a request body may take to arrive, in total (408 after that). */
    public int bodyTimeoutMillis() {
        return bodyTimeoutMillis;
    }

    /** The longest a request's headers may take to arrive, from their first byte, in total (408 after that). */
    public int headerTimeoutMillis() {
        return headerTimeoutMillis;
    }
}
