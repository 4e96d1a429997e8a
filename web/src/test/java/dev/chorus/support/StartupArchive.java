package dev.chorus.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A class-data-sharing archive of a member's start (AppCDS, JDK 17's dynamic archive), so the test members start
 * in about half the CPU time: most of a Payara Micro start is loading, verifying and linking some 30,000 classes of
 * the runtime and the application, the same ones every time.
 *
 * <p>The archive is made once per build, on the first member start: a training member starts with
 * {@code -XX:ArchiveClassesAtExit}, becomes ready and is stopped gracefully (the JVM writes the archive as it exits;
 * a kill -9 would write nothing). Every later member maps it with {@code -XX:SharedArchiveFile}. The archive's
 * name is keyed to the microbundle (path, size, modification time: the Payara runtime and the WAR inside it) and
 * the JDK, and the JVM itself checks the class path's jars against the archive and ignores an archive that does not
 * match (a warning in the member's log, a slower start, nothing else). So a stale archive can cost time but never
 * change what a test sees; classes not in the archive load as usual. It lives in the build's it-tmp folder,
 * which {@code mvn clean} removes. {@code -Dchorus.startupArchive=false} turns it off (e.g. to time starts without it).
 */
final class StartupArchive {
    private static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("chorus.startupArchive", "true"));
    /** A training start that failed is not tried again in this run: the members start without an archive. */
    private static boolean failed;

    private StartupArchive() {
    }

    /** The JVM options that make a member use the archive (made now if this is the run's first start). */
    static synchronized List<String> jvmOptions() {
        if (!ENABLED || failed) {
            return List.of();
        }
        Path archive = archive();
        if (!Files.isRegularFile(archive)) {
            try {
                train(archive);
            } catch (Exception | AssertionError e) {
                failed = true;
                System.err.println("startup archive not made, members start without it: " + e);
                return List.of();
            }
        }
        return List.of("-XX:SharedArchiveFile=" + archive);
    }

    private static void train(Path archive) throws Exception {
        long start = System.nanoTime();
        Path dir = Files.createDirectories(archive.getParent());
        Path partial = Files.createTempFile(dir, "training-", ".jsa");
        Files.delete(partial); // the JVM creates it at exit
        int grid = Ports.free();
        ChorusServer trainer = ChorusServer.builder().workDir(Files.createTempDirectory(dir, "chorus-training-"))
                .gridPorts(grid, List.of(grid)).withoutStartupArchive()
                .jvmArgs("-XX:ArchiveClassesAtExit=" + partial).build();
        try {
            trainer.start();
            trainer.stop();
        } finally {
            trainer.close();
        }
        if (!Files.isRegularFile(partial)) {
            throw new IllegalStateException("the training member exited without writing " + partial);
        }
        Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("startup archive %s (%d MB) made in %.1f s%n", archive.getFileName(),
                Files.size(archive) >> 20, (System.nanoTime() - start) / 1e9);
    }

    private static Path archive() {
        Path bundle = ChorusServer.microbundle().toAbsolutePath();
        String key;
        try {
            key = bundle + "|" + Files.size(bundle) + "|" + Files.getLastModifiedTime(bundle).toMillis() + "|"
                    + System.getProperty("java.vm.version") + "|" + System.getProperty("java.home");
        } catch (IOException e) {
            key = bundle.toString(); // no microbundle: the start fails anyway, with its own message
        }
        Path dir = Path.of(System.getProperty("chorus.itTmp", "target")).resolve("startup-archive");
        return dir.resolve("chorus-" + sha256(key).substring(0, 16) + ".jsa");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
