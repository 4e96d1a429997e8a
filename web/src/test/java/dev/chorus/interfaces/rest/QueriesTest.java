package dev.chorus.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.domain.InvalidMessageException;
import org.junit.jupiter.api.Test;

class QueriesTest {

    @Test
    void pagesAcceptLimitZeroPollsDoNot() {
        assertEquals(0, Queries.pageLimit("0", 50, 1000));
        assertEquals(0, Queries.pageLimit(" 0 ", 50, 1000));
        assertEquals(50, Queries.pageLimit(null, 50, 1000));
        assertEquals(50, Queries.pageLimit("", 50, 1000));
        assertEquals(1000, Queries.pageLimit("5000", 50, 1000), "clamped");
        assertEquals("limit", assertThrows(InvalidMessageException.class, () -> Queries.pageLimit("-1", 50, 1000)).field());
        assertEquals("limit", assertThrows(InvalidMessageException.class, () -> Queries.pageLimit("x", 50, 1000)).field());
        assertEquals("limit", assertThrows(InvalidMessageException.class, () -> Queries.limit("0", 50, 1000)).field());
    }
}
