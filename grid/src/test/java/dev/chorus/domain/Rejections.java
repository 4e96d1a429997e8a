package dev.chorus.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.function.Executable;

/** Asserts that a value is rejected at construction and that the error names the field at fault. */
final class Rejections {
    private Rejections() {
    }

    static InvalidMessageException assertRejected(String field, Executable construction) {
        InvalidMessageException error = assertThrows(InvalidMessageException.class, construction);
        assertEquals(field, error.field(), () -> "field named in: " + error.getMessage());
        return error;
    }
}
