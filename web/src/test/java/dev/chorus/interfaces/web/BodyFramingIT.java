package dev.chorus.interfaces.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusMembers;
import dev.chorus.support.RawHttp;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every way a legitimate client may frame a body is read whole, and answered at once: with its headers or after
 * them, in one packet or several, by Content-Length or chunked. The body reader runs without a thread
 * (BodyDeadlineFilter); it used to wait for a callback Payara never makes when a chunked body was already
 * complete as reading began, and answered 408 at the body deadline instead of storing the post.
 */
class BodyFramingIT {
    /** The shared member: the test looks only at its own messages. */
    @RegisterExtension
    static final ChorusMembers chorus = ChorusMembers.one().env(Map.of("CHORUS_RATE_LIMIT_PER_MINUTE", "0")).shared();

    @Test
    void everyFramingOfABodyIsStoredWholeAndOnce() throws Exception {
        List<String> wrong = new ArrayList<>();
        String run = Long.toHexString(System.nanoTime());
        int n = 0;
        for (Framing framing : Framing.values()) {
            String id = "framing-" + run + "-" + n++;
            String text = framing.name().toLowerCase() + " " + "body ".repeat(framing.bodyRepeats);
            byte[] body = ("{\"id\":\"" + id + "\",\"text\":\"" + text.strip() + "\",\"username\":\"framer\"}")
                    .getBytes(StandardCharsets.UTF_8);
            RawHttp.Response reply = send(framing, body);
            if (reply.status() != 200) {
                wrong.add(framing + ": " + reply.status() + " " + reply.body());
            }
        }
        assertEquals(List.of(), wrong);
        BoardClient client = chorus.server().client();
        List<JsonObject> mine = client.allByPages(500).stream()
                .filter(m -> m.getString("id").startsWith("framing-" + run + "-")).toList();
        assertEquals(Framing.values().length, mine.size(), "each acknowledged post appears once: " + mine);
        for (JsonObject m : mine) {
            Framing framing = Framing.values()[Integer.parseInt(m.getString("id").substring(m.getString("id").lastIndexOf('-') + 1))];
            String expected = (framing.name().toLowerCase() + " " + "body ".repeat(framing.bodyRepeats)).strip();
            assertEquals(expected, m.getString("text"), framing + ": the whole body was read");
        }
    }

    /**
     * Grizzly 4.0.2 (Payara 6's) can take a request that arrives on a kept-alive connection right after an
     * asynchronous one for that recycled request (eclipse-ee4j/glassfish-grizzly#2228, fixed in 5.0): the CI run
     * of c5cc0bc lost two POSTs so — one closed without an answer, one never answered. A body that does not come
     * with its headers is read asynchronously here (BodyDeadlineFilter), which is how Java's HttpClient sends
     * every POST. So such a request's answer closes its connection, and the client opens another.
     */
    @Test
    void keptAliveClientsWhoseBodiesFollowTheirHeadersGetAnAnswerToEveryPost() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        int clients = Integer.getInteger("repro.clients", 4);
        int posts = Integer.getInteger("repro.posts", 100);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        List<java.util.concurrent.Future<List<String>>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            running.add(pool.submit(() -> postKeptAlive("alive-" + run + "-" + client + "-", posts)));
        }
        List<String> wrong = new ArrayList<>();
        try {
            for (var future : running) {
                wrong.addAll(future.get(5, java.util.concurrent.TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), wrong, "every post answered 200");
        long mine = chorus.server().client().allByPages(500).stream()
                .filter(m -> m.getString("id").startsWith("alive-" + run + "-")).count();
        assertEquals(clients * posts, mine, "each acknowledged post appears once");
    }

    /** {@code count} POSTs, each body written after its headers, on one connection for as long as the member keeps it. */
    private static List<String> postKeptAlive(String prefix, int count) throws Exception {
        List<String> wrong = new ArrayList<>();
        Socket socket = null;
        try {
            for (int i = 0; i < count; i++) {
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress("127.0.0.1", chorus.server().baseUri().getPort()), 5_000);
                    socket.setSoTimeout(15_000);
                }
                byte[] body = ("{\"id\":\"" + prefix + i + "\",\"text\":\"kept alive " + i + "\",\"username\":\"alive\"}")
                        .getBytes(StandardCharsets.UTF_8);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(2); // the body in a packet of its own, as Java's HttpClient sends it
                out.write(body);
                out.flush();
                RawHttp.Response reply;
                try {
                    reply = RawHttp.read(socket.getInputStream());
                } catch (java.io.IOException e) {
                    wrong.add(prefix + i + ": no answer (" + e + ")");
                    socket.close();
                    socket = null;
                    continue;
                }
                if (reply.status() != 200) {
                    wrong.add(prefix + i + ": " + reply.status() + " " + reply.body());
                }
                if ("close".equalsIgnoreCase(reply.header("connection"))) {
                    socket.close();
                    socket = null;
                }
            }
        } finally {
            if (socket != null) {
                socket.close();
            }
        }
        return wrong;
    }

    /** How the request's bytes are written: in pieces, with a pause between them. */
    enum Framing {
        LENGTH_WITH_HEADERS(false, 1, 3),
        LENGTH_AFTER_HEADERS(false, 2, 3),
        LENGTH_IN_FIVE_PIECES(false, 5, 190),
        CHUNKED_WITH_HEADERS(true, 1, 3),
        CHUNKED_AFTER_HEADERS(true, 2, 3),
        CHUNKED_LAST_CHUNK_LATER(true, 3, 190),
        CHUNKED_IN_FIVE_PIECES(true, 5, 190);

        final boolean chunked;
        final int pieces;
        final int bodyRepeats;

        Framing(boolean chunked, int pieces, int bodyRepeats) {
            this.chunked = chunked;
            this.pieces = pieces;
            this.bodyRepeats = bodyRepeats;
        }
    }

    private static RawHttp.Response send(Framing framing, byte[] body) throws Exception {
        String head = "POST /api/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + (framing.chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n")
                + "Connection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        List<byte[]> pieces = new ArrayList<>();
        if (framing.pieces == 1) {
            pieces.add(concat(headBytes, framing.chunked ? chunks(body, 1, true) : body));
        } else {
            pieces.add(headBytes);
            int bodyPieces = framing.pieces - 1;
            if (framing.chunked && framing == Framing.CHUNKED_LAST_CHUNK_LATER) {
                pieces.add(chunks(body, 2, false));
                pieces.add("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else if (framing.chunked) {
                byte[] all = chunks(body, bodyPieces, true);
                pieces.addAll(split(all, bodyPieces));
            } else {
                pieces.addAll(split(body, bodyPieces));
            }
        }
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", chorus.server().baseUri().getPort()), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < pieces.size(); i++) {
                if (i > 0) {
                    Thread.sleep(40); // each piece a packet of its own, after the member handled the one before
                }
                out.write(pieces.get(i));
                out.flush();
            }
            return RawHttp.read(socket.getInputStream());
        }
    }

    /** {@code body} as {@code count} chunks, with the terminating chunk when {@code last}. */
    private static byte[] chunks(byte[] body, int count, boolean last) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : split(body, count)) {
            out.writeBytes((Integer.toHexString(part.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(part);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (last) {
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private static List<byte[]> split(byte[] bytes, int count) {
        List<byte[]> parts = new ArrayList<>();
        int size = (bytes.length + count - 1) / count;
        for (int i = 0; i < bytes.length; i += size) {
            parts.add(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size)));
        }
        return parts;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
