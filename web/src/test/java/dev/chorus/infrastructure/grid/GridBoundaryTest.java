package dev.chorus.infrastructure.grid;

import com.hazelcast.map.MapLoader;
import com.hazelcast.nio.serialization.DataSerializable;
import com.hazelcast.nio.serialization.Portable;
import jakarta.servlet.GenericFilter;
import jakarta.servlet.GenericServlet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule that lets a second member join: nothing the grid deserialises lives only in the WAR. A class loaded from
 * a WAR belongs to that deployment's class loader; a value of it stored in a map or shipped to another member cannot
 * be read by a member (or a redeployment) whose loader differs, and the join or the operation fails. The grid library
 * module holds every such class; this test reads every class the web module compiles and fails the build if one
 * could travel: Java-serialisable (records and classes; not exceptions, enums or servlets and filters, which are
 * serialisable by inheritance and never cross the grid as values), a Hazelcast serialisable, an entry processor
 * (they extend {@link Serializable}) or a map store.
 */
class GridBoundaryTest {

    private static final List<Class<?>> TRAVELS = List.of(
            Serializable.class, DataSerializable.class, Portable.class, MapLoader.class);

    @Test
    void noClassOfTheWebModuleCanBeShippedToAnotherMember() throws IOException {
        Path classes = Path.of(System.getProperty("chorus.classes"));
        assertTrue(Files.isDirectory(classes.resolve("dev/chorus")), "web classes not found in " + classes);
        List<String> offenders;
        try (Stream<Path> files = Files.walk(classes)) {
            offenders = files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .filter(name -> !name.endsWith("package-info"))
                    .filter(GridBoundaryTest::couldTravel)
                    .sorted()
                    .toList();
        }
        assertEquals(List.of(), offenders,
                "these web classes could be deserialised by another member: move them to the grid module");
    }

    @Test
    void theBoundaryCheckRecognisesAGridValue() {
        assertTrue(couldTravel("dev.chorus.domain.Message"), "a grid value must count as one that travels");
        assertTrue(couldTravel("dev.chorus.infrastructure.grid.processors.StampPending"));
    }

    private static boolean couldTravel(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, false, GridBoundaryTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AssertionError("cannot load " + className, e);
        }
        if (Throwable.class.isAssignableFrom(type) || type.isEnum()
                || GenericServlet.class.isAssignableFrom(type) || GenericFilter.class.isAssignableFrom(type)) {
            return false;
        }
        return TRAVELS.stream().anyMatch(t -> t.isAssignableFrom(type));
    }
}
