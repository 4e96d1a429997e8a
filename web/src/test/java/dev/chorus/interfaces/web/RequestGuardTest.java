package dev.chorus.interfaces.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestGuardTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "search=a%00b|search",
            "limit=5&search=%00|search",
            "after=1&type=%1b|type",
            "uss=al%0Aice|uss",
            "search=%FF%FE|search",
            "search=%zz|search",
            "a%00b=1|ab",
    })
    void refusesNulControlsAndBadEscapes(String query, String parameter) {
        assertEquals(parameter, RequestGuard.badParameter(query));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"after=0&limit=50", "search=caf%C3%A9", "search=50%25", "uss=alice%3A255000000"})
    void acceptsOrdinaryQueries(String query) {
        assertNull(RequestGuard.badParameter(query));
    }
}
