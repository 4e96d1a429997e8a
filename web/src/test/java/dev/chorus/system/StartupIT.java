package dev.chorus.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import dev.chorus.support.Ports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Start-up either succeeds or exits: a member whose HTTP port is taken, or whose application cannot deploy,
 * ends its process with a non-zero status instead of lingering in the grid; a restart over an existing Payara
 * root directory deploys the application once and answers no 500s.
 */
class StartupIT {
    private static final Pattern DEPLOYED = Pattern.compile("chorus was successfully deployed");

    @Test
    void aMemberWhoseHttpPortIsTakenExitsWithAFailureStatus() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int grid = Ports.free();
            try (ChorusServer server = ChorusServer.builder().workDir(Files.createTempDirectory("chorus-port-"))
                    .gridPorts(grid, List.of(grid)).httpPort(taken.getLocalPort()).build()) {
                IllegalStateException exited = assertThrows(IllegalStateException.class, server::start);
                assertTrue(exited.getMessage().startsWith("Chorus exited with 1"), exited.getMessage());
                assertTrue(exited.getMessage().contains("Payara Micro failed to start"), exited.getMessage());
            }
        }
    }

    /** One setting the grid adapters read, one the live push (interfaces) reads: both are checked at start-up. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "CHORUS_POST_TIMEOUT_SECONDS | soon | chorus.post.timeout-seconds (CHORUS_POST_TIMEOUT_SECONDS) must be a whole number of at least 1, not \"soon\"",
        "CHORUS_STREAM_BUFFER_BYTES | 1024 | chorus.stream.buffer-bytes (CHORUS_STREAM_BUFFER_BYTES) must be a whole number of at least 4096, not \"1024\""
    })
    void aMemberThatCannotDeployExitsNamingTheBadSetting(String variable, String value, String logged) throws Exception {
        int grid = Ports.free();
        try (ChorusServer server = ChorusServer.builder().workDir(Files.createTempDirectory("chorus-config-"))
                .gridPorts(grid, List.of(grid)).env(Map.of(variable, value)).build()) {
            IllegalStateException exited = assertThrows(IllegalStateException.class, server::start);
            assertTrue(exited.getMessage().startsWith("Chorus exited with 2"), exited.getMessage());
            assertTrue(Files.readString(server.log()).contains(logged), "the log names the key:\n" + server.logTail());
        }
    }

    @Test
    void aMemberWhoseOperatorCredentialIsTheBotsExitsNamingBothKeys() throws Exception {
        int grid = Ports.free();
        try (ChorusServer server = ChorusServer.builder().workDir(Files.createTempDirectory("chorus-config-"))
                .gridPorts(grid, List.of(grid))
                .env(Map.of("CHORUS_BOT_TOKEN", "same-secret-42", "CHORUS_OPERATOR_TOKEN", "same-secret-42")).build()) {
            IllegalStateException exited = assertThrows(IllegalStateException.class, server::start);
            assertTrue(exited.getMessage().startsWith("Chorus exited with 2"), exited.getMessage());
            String log = Files.readString(server.log());
            assertTrue(log.contains("chorus.operator.token (CHORUS_OPERATOR_TOKEN) must differ from chorus.bot.token"
                    + " (CHORUS_BOT_TOKEN)"), "the log names both keys:\n" + server.logTail());
            assertFalse(log.contains("same-secret-42"), "the log repeats the credential:\n" + server.logTail());
        }
    }

    @Test
    void aRestartOverTheSameRootDirectoryDeploysOnceAndAnswersNo500s() throws Exception {
        int grid = Ports.free();
        Path dir = Files.createTempDirectory("chorus-root-");
        try (ChorusServer server = ChorusServer.builder().workDir(dir).gridPorts(grid, List.of(grid)).keepRootDir()
                .build()) {
            server.start();
            server.client().postText("before-restart", "stored before the restart");
            server.stop();
            assertEquals(1, deployments(server.log()));

            server.start();
            BoardClient client = server.client();
            long until = System.nanoTime() + 10_000_000_000L; // the double deployment answered 500s for ~10 s
            int answers = 0;
            while (System.nanoTime() < until) {
                var stats = client.get("/api/stats");
                assertEquals(200, stats.status(), "answer " + answers + " after the restart: " + stats.body());
                answers++;
                Thread.sleep(50);
            }
            assertEquals(2, deployments(server.log()), "one deployment per start:\n" + server.logTail());
            assertEquals(1, client.totalMessages());
        }
    }

    private static int deployments(Path log) throws java.io.IOException {
        Matcher matcher = DEPLOYED.matcher(Files.readString(log));
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
