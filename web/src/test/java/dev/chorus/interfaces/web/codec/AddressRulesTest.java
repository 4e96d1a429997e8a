package dev.chorus.interfaces.web.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The paths Payara 6.2025.10 itself answered with an empty 400 (or, for a malformed escape or a trailing dot
 * segment, an empty 200 and a SEVERE stack trace), measured with raw requests against a member before the codec
 * probe existed, and paths it served: the probe must refuse exactly the first kind.
 */
class AddressRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"/%2e%2e/", "/%2e%2e", "/a/%2e%2e/%2e%2e/x", "/a/../..", "//..", "/a%5cb", "/a\\b",
            "/%c0%ae", "/%ff", "/%e2%82", "/.%2e/", "x", "/a%00", "/a%00b", "/a/./../../b", "/a%zz", "/%", "/api/%2e%2e/%2e%2e/x",
            "/a/..", "/a/.", "/index.html/.."})
    void refusesWhatTheContainerCannotNormalise(String path) {
        assertFalse(AddressRules.servable(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html", "/api/comments", "/a%2fb", "/a;b", "/a/%2e%2e", "/./",
            "/api/comments/%2e%2e", "/index.html;/../x", "/api/%2e%2e;/x", "/a/%2e%2e/b", "*", "/..;/x",
            "/caf%C3%A9", "/%7e", "/api/comments/x%20y"})
    void servesWhatTheContainerServes(String path) {
        assertTrue(AddressRules.servable(path), path);
    }

    /** Every spelling of the stream's path that reaches the stream servlet is the stream for its write queue. */
    @ParameterizedTest
    @ValueSource(strings = {"/api/stream", "/api//stream", "/api/%73tream", "/api/./stream", "/x/../api/stream",
            "/api/stream;a=b", "/api;x/stream"})
    void mapsEverySpellingOfAPathToTheOneTheContainerMaps(String path) {
        assertEquals("/api/stream", AddressRules.mapped(path), path);
    }
}
