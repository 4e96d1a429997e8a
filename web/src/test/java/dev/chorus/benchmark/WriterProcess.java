package dev.chorus.benchmark;

import dev.chorus.support.BoardClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The write load of the polling benchmark in a process of its own, as a real writer would be: the board under
 * measurement must not share the benchmark's JVM (its garbage, its threads) with the load it is measured under.
 * {@code main(base, postsPerSecond, prefix)} runs {@link BackgroundWriter} until its standard input closes, then
 * prints {@code written=N failed=M} and exits.
 */
public final class WriterProcess implements AutoCloseable {
    private final Process process;

    private WriterProcess(Process process) {
        this.process = process;
    }

    /** Starts the writer against {@code base}: {@code postsPerSecond} posts, each followed by its PATCH. */
    static WriterProcess start(URI base, int postsPerSecond, String prefix) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), WriterProcess.class.getName(),
                base.toString(), String.valueOf(postsPerSecond), prefix));
        return new WriterProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** Stops the writer and returns {written, failed}. */
    long[] stop() throws IOException, InterruptedException {
        process.getOutputStream().close();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("written=")) {
                    String[] parts = line.split("[= ]");
                    return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[3])};
                }
            }
        } finally {
            process.waitFor();
        }
        throw new IllegalStateException("the writer process printed no counts");
    }

    @Override
    public void close() {
        process.destroyForcibly(); // our own child, by its handle; a no-op once it has exited
    }

    public static void main(String[] args) throws Exception {
        BoardClient client = new BoardClient(URI.create(args[0]));
        try (BackgroundWriter writer = new BackgroundWriter(client, Integer.parseInt(args[1]), args[2])) {
            while (System.in.read() >= 0) {
                // runs until the benchmark closes our standard input
            }
            writer.close();
            System.out.println("written=" + writer.written() + " failed=" + writer.failed());
        }
    }
}
