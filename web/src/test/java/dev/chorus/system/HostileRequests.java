package dev.chorus.system;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The hostile suite's table: every request a bad client might send, and the answer it must get. */
final class HostileRequests {
    static final String TOKEN = dev.chorus.support.ChorusServer.BOT_TOKEN;

    /** One request: its bytes, the status it must get, the field the error must name (null: any or none). */
    record Case(String name, byte[] request, int status, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    private HostileRequests() {
    }

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        paths(cases);
        methods(cases);
        bodies(cases, null);
        bodies(cases, "Bearer " + TOKEN); // the credential does not bypass the input rules
        credentials(cases);
        queries(cases);
        framing(cases);
        codec(cases);
        return cases;
    }

    private static void paths(List<Case> cases) {
        for (String path : List.of("/nope", "/api/nope", "/api/comments/a/b", "/WEB-INF/web.xml", "/WEB-INF/",
                "/WEB-INF/classes/dev/chorus/interfaces/rest/ChorusApi.class", "/META-INF/MANIFEST.MF",
                "/api/application.wadl", "/application.wadl", "/api/application.wadl?detail=true", "/missing.css",
                "/index.html/extra", "/js/main.js/", "/api", "/%7e", "/..;/WEB-INF/web.xml",
                "/api/stream/x", "/health/nope", "/metrics/../WEB-INF/web.xml")) {
            cases.add(new Case("GET " + path, get(path, ""), 404, null));
        }
        cases.add(new Case("GET /api/comments/x%20y", get("/api/comments/x%20y", ""), 405, null));
        cases.add(new Case("GET /" + "a".repeat(9000), get("/" + "a".repeat(9000), ""), 414, null));
        cases.add(new Case("header 20 KiB", get("/api/stats", "X-Big: " + "b".repeat(20_000) + "\r\n"), 431, null));
        cases.add(new Case("200 headers", get("/api/stats", "X-H: 1\r\n".repeat(200)), 431, null));
    }

    private static void methods(List<Case> cases) {
        String[][] table = {
                {"TRACE", "/"}, {"TRACE", "/api/comments"}, {"TRACE", "/index.html"}, {"TRACK", "/"},
                {"POST", "/"}, {"PUT", "/"}, {"DELETE", "/index.html"}, {"DELETE", "/"}, {"PATCH", "/index.html"},
                {"POST", "/js/main.js"}, {"PUT", "/css/base.css"}, {"PUT", "/api/comments"}, {"DELETE", "/api/comments"},
                {"POST", "/api/stats"}, {"DELETE", "/api/stats"}, {"POST", "/health/ready"}, {"PUT", "/api/stream"},
        };
        for (String[] row : table) {
            String body = "POST".equals(row[0]) || "PUT".equals(row[0]) || "PATCH".equals(row[0]) ? "{\"text\":\"x\"}" : "";
            cases.add(new Case(row[0] + " " + row[1], request(row[0], row[1], "Content-Type: application/json\r\n", bytes(body)),
                    405, null));
        }
    }

    private static void bodies(List<Case> cases, String authorization) {
        String auth = authorization == null ? "" : "Authorization: " + authorization + "\r\n";
        String who = authorization == null ? "anonymous: " : "bot: ";
        String[][] table = {
                {"{\"text\":\"\\ud800\"}", "text"}, {"{\"text\":\"ok\\udc00\"}", "text"},
                {"{\"text\":\"\\u00a0\"}", "text"}, {"{\"text\":\"\\u200b\\u200c\\u200d\"}", "text"},
                {"{\"text\":\"\\u2060\\ufeff\\u00ad\"}", "text"}, {"{\"text\":\"\\u3164\\u2800\"}", "text"},
                {"{\"text\":\"\\u202e\\u200f\"}", "text"}, {"{\"text\":\" \\t\\n \"}", "text"},
                {"{\"text\":\"a\\u2028b\"}", "text"}, {"{\"text\":\"a\\u2029b\"}", "text"},
                {"{\"text\":\"\\u001b[2Jgone\"}", "text"}, {"{\"text\":\"bell\\u0007\"}", "text"},
                {"{\"text\":\"nul\\u0000\"}", "text"}, {"{\"text\":\"del\\u007f\"}", "text"},
                {"{\"text\":\"c1\\u009b31m\"}", "text"},
                {"{\"text\":\"hi\",\"username\":\"a\\nb\"}", "username"},
                {"{\"text\":\"hi\",\"username\":\"a\\rb\"}", "username"},
                {"{\"text\":\"hi\",\"username\":\"a\\u2028b\"}", "username"},
                {"{\"text\":\"hi\",\"username\":\"a\\tb\"}", "username"},
                {"{\"text\":\"hi\",\"username\":\"\\u001bx\"}", "username"},
                {"{\"text\":\"hi\",\"botParams\":{\"entity\":\"e\",\"priority\":4294967296}}", "botParams.priority"},
                {"{\"text\":\"hi\",\"botParams\":{\"entity\":\"e\",\"priority\":1e3}}", "botParams.priority"},
                {"{\"text\":\"hi\",\"timestamp\":1e30}", "timestamp"},
                {"{\"text\":\"hi\",\"timestamp\":" + "9".repeat(5000) + "}", "timestamp"},
                {"{\"text\":\"hi\",\"misc\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}", "misc"},
                {"{\"text\":\"hi\"} garbage", null}, {"{\"text\":\"hi\"}{}", null}, {"{\"text\":\"hi\"}]", null},
                {"[{\"text\":\"hi\"}]", null}, {"not json", null}, {"", null}, {"{}", "text"},
                {"{\"text\":\"hi\",\"context\":[\"\\u0007\"]}", "context"},
                {"{\"text\":\"hi\",\"id\":\"../x\"}", "id"}, {"{\"text\":\"hi\",\"color\":\"red\"}", "color"},
                {"{\"text\":\"" + "x".repeat(1001) + "\"}", "text"},
        };
        int i = 0;
        for (String[] row : table) {
            String id = "h" + (authorization == null ? "a" : "b") + i++;
            String body = row[0].startsWith("{\"text\"") && !row[0].contains("\"id\"") ? "{\"id\":\"" + id + "\"," + row[0].substring(1) : row[0];
            cases.add(new Case(who + shorten(row[0]), post("/api/comments", auth + "Content-Type: application/json\r\n",
                    bytes(body)), 400, row[1]));
        }
        byte[] invalidUtf8 = concat(bytes("{\"text\":\"bad "), new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, bytes("\"}"));
        cases.add(new Case(who + "invalid UTF-8", post("/api/comments", auth + "Content-Type: application/json\r\n", invalidUtf8), 400, "body"));
        if (authorization == null) {
            cases.add(new Case("anonymous replyTo", post("/api/comments", "Content-Type: application/json\r\n",
                    bytes("{\"text\":\"hi\",\"replyTo\":\"nobody\"}")), 400, "replyTo"));
        }
        for (String type : List.of("", " ", "text/plain", "application/xml", "application/x-www-form-urlencoded")) {
            cases.add(new Case(who + "Content-Type '" + type + "'", post("/api/comments", auth + "Content-Type: " + type + "\r\n",
                    bytes("{\"text\":\"hi\"}")), 415, null));
        }
        cases.add(new Case(who + "70 KiB body", post("/api/comments", auth + "Content-Type: application/json\r\n",
                bytes("{\"text\":\"" + "x".repeat(70_000) + "\"}")), 413, null));
        cases.add(new Case(who + "chunked 70 KiB", chunked("/api/comments", auth, "{\"text\":\"" + "x".repeat(70_000) + "\"}"), 413, null));
        cases.add(new Case(who + "declared 1 GB", bytes("POST /api/comments HTTP/1.1\r\nHost: t\r\n" + auth
                + "Content-Type: application/json\r\nContent-Length: 1000000000\r\nConnection: close\r\n\r\n{"), 413, null));
    }

    private static void credentials(List<Case> cases) {
        String ai = "{\"text\":\"I am a bot\",\"message-type\":\"AI\"}";
        String basic = Base64.getEncoder().encodeToString(("bot:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        for (String header : List.of("", "Authorization: bearer " + TOKEN, "Authorization: BEARER " + TOKEN,
                "Authorization: Bearer  " + TOKEN.toUpperCase(), "Authorization: Basic " + basic,
                "Authorization: Bearer " + TOKEN + "x", "Authorization: Bearer", "Authorization: " + TOKEN,
                "Cookie: token=" + TOKEN, "X-Bot-Token: " + TOKEN, "X-HTTP-Method-Override: PATCH\r\nAuthorization: Token " + TOKEN)) {
            String extra = header.isEmpty() ? "" : header + "\r\n";
            cases.add(new Case("AI post with '" + shorten(header) + "'", post("/api/comments",
                    extra + "Content-Type: application/json\r\n", bytes(ai)), 401, null));
        }
        cases.add(new Case("AI post, token in query", post("/api/comments?token=" + TOKEN,
                "Content-Type: application/json\r\n", bytes(ai)), 401, null));
        cases.add(new Case("PATCH anonymous, bad body", request("PATCH", "/api/comments/abc", "Content-Type: application/json\r\n",
                bytes("nonsense")), 401, null));
        cases.add(new Case("PATCH anonymous, good body", request("PATCH", "/api/comments/abc", "Content-Type: application/json\r\n",
                bytes("{\"botParams\":{\"processed\":true}}")), 401, null));
        cases.add(new Case("PATCH bot, bad body", request("PATCH", "/api/comments/abc", "Authorization: Bearer " + TOKEN
                + "\r\nContent-Type: application/json\r\n", bytes("{\"botParams\":{}}")), 400, "botParams.processed"));
        cases.add(new Case("PATCH bot, unknown id", request("PATCH", "/api/comments/nosuch", "Authorization: Bearer " + TOKEN
                + "\r\nContent-Type: application/json\r\n", bytes("{\"botParams\":{\"processed\":true}}")), 404, "id"));
        cases.add(new Case("bot queue anonymous", get("/api/bot/queue", ""), 401, null));
        cases.add(new Case("metrics anonymous", get("/metrics", ""), 401, null));
        cases.add(new Case("metrics wrong token", get("/metrics?scope=application", "Authorization: Bearer nope\r\n"), 401, null));
        cases.add(new Case("metrics forwarded-for", get("/metrics", "X-Forwarded-For: 10.0.0.5\r\n"), 401, null));
    }

    private static void queries(List<Case> cases) {
        String[][] table = {
                {"/api/comments?search=a%00b", "search"}, {"/api/comments?search=%00", "search"},
                {"/api/comments?after=0&type=%00", "type"}, {"/api/comments?uss=al%00ice", "uss"},
                {"/api/comments?search=%1b%5b2J", "search"}, {"/api/comments?search=%C3%28", "search"},
                {"/api/comments?search=%zz", "search"}, {"/api/stream?after=%00", "after"},
                {"/api/comments?after=-1", "after"}, {"/api/comments?after=99999999999999999999", "after"},
                {"/api/comments?since=yesterday", "after"}, {"/api/comments?after=0&limit=abc", "limit"},
                {"/api/comments?after=0&limit=0", "limit"}, {"/api/comments?offset=-1", "offset"},
                {"/api/comments?offset=99999999999", "offset"}, {"/api/comments?type=robots", "type"},
                {"/api/comments?after=0&type=x", "type"}, {"/api/stream?after=x", "after"},
                {"/api/stream?type=nope", "type"}, {"/api/comments?uss=", "uss"},
        };
        for (String[] row : table) {
            cases.add(new Case("GET " + row[0], get(row[0], ""), 400, row[1]));
        }
    }

    private static void framing(List<Case> cases) {
        cases.add(new Case("health detail path", get("/health/details", ""), 404, null));
    }

    /**
     * Requests Payara's HTTP codec refuses before any application code (its empty 400 until interfaces.web.codec;
     * an unnormalisable path even an empty 200 and a SEVERE stack trace): still refused — including the
     * request-smuggling shapes (duplicate or malformed lengths, a bare CR or LF hiding a header, a space before
     * the colon) — now each with the JSON error.
     */
    private static void codec(List<Case> cases) {
        cases.add(new Case("headers over 64 KiB", get("/api/stats", "X-Big: " + "b".repeat(70_000) + "\r\n"), 431, null));
        cases.add(new Case("70 headers of 1 KiB", get("/api/stats", ("X-H: " + "h".repeat(1000) + "\r\n").repeat(70)), 431, null));
        cases.add(new Case("request line 70 KiB", get("/" + "a".repeat(70_000), ""), 414, null));
        for (String path : List.of("/%2e%2e/", "/a/%2e%2e/%2e%2e/x", "/api/%2e%2e/%2e%2e/x", "/../", "/a/../..",
                "/.%2e/", "/%c0%ae%c0%ae/", "/a%5c..%5c..", "/a\\b", "/a%00b", "/%ff", "/a%zz", "/%", "/a/..",
                "/index.html/.", "x")) {
            cases.add(new Case("GET " + path, get(path, ""), 400, null));
        }
        cases.add(new Case("POST /api/comments/%2e%2e/%2e%2e/%2e%2e/x", post("/api/comments/%2e%2e/%2e%2e/%2e%2e/x",
                "Content-Type: application/json\r\n", bytes("{\"text\":\"traversal\"}")), 400, null));
        byte[] utf8 = "\u00e9t\u00e9 \u65e5\u672c".getBytes(StandardCharsets.UTF_8);
        cases.add(new Case("non-ASCII Last-Event-ID", concat(bytes("GET /api/stream HTTP/1.1\r\nHost: t\r\nLast-Event-ID: "),
                utf8, bytes("\r\nConnection: close\r\n\r\n")), 400, null));
        cases.add(new Case("non-ASCII header value", concat(bytes("GET /api/stats HTTP/1.1\r\nHost: t\r\nX-Name: "),
                utf8, bytes("\r\nConnection: close\r\n\r\n")), 400, null));
        cases.add(new Case("non-ASCII header name", concat(bytes("GET /api/stats HTTP/1.1\r\nHost: t\r\nX-"),
                utf8, bytes(": 1\r\nConnection: close\r\n\r\n")), 400, null));
        String json = "Content-Type: application/json\r\n";
        String smuggled = "{\"text\":\"smuggled\"}";
        String[][] table = {
                {"NUL in a header value", "GET /api/stats HTTP/1.1\r\nHost: t\r\nX-A: a\u0000b\r\n"},
                {"bare CR in a header value", "GET /api/stats HTTP/1.1\r\nHost: t\r\nX-A: a\rb\r\n"},
                {"bare LF hiding Transfer-Encoding", "POST /api/comments HTTP/1.1\r\nHost: t\r\n" + json
                        + "X-A: a\nTransfer-Encoding: chunked\r\nContent-Length: " + smuggled.length() + "\r\n"},
                {"two Content-Lengths", "POST /api/comments HTTP/1.1\r\nHost: t\r\n" + json + "Content-Length: 3\r\n"
                        + "Content-Length: " + smuggled.length() + "\r\n"},
                {"Content-Length list", "POST /api/comments HTTP/1.1\r\nHost: t\r\n" + json + "Content-Length: 3, "
                        + smuggled.length() + "\r\n"},
                {"Content-Length not a number", "POST /api/comments HTTP/1.1\r\nHost: t\r\n" + json + "Content-Length: 1e3\r\n"},
                {"Content-Length negative", "POST /api/comments HTTP/1.1\r\nHost: t\r\n" + json + "Content-Length: -1\r\n"},
                {"space before the colon", "POST /api/comments HTTP/1.1\r\nHost: t\r\n" + json
                        + "Transfer-Encoding : chunked\r\nContent-Length: " + smuggled.length() + "\r\n"},
                {"header line folded under the request line", "GET /api/stats HTTP/1.1\r\n\tX: y\r\nHost: t\r\n"},
                {"HTTP/1.1 without Host", "GET /api/stats HTTP/1.1\r\n"},
        };
        for (String[] row : table) {
            cases.add(new Case(row[0], bytes(row[1] + "Connection: close\r\n\r\n" + smuggled), 400, null));
        }
        // HTTP/2 is off on the listener (server-config/preboot.asadmin): its frames would bypass the codec's checks
        cases.add(new Case("h2c prior knowledge", bytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 405, null));
        cases.add(new Case("h2c upgrade to an unservable path", get("/%2e%2e/", "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n"),
                400, null));
        cases.add(new Case("WebSocket upgrade to an unservable path", get("/a%zz", "Upgrade: websocket\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"), 400, null));
        cases.add(new Case("HTTP/9.9", bytes("GET / HTTP/9.9\r\nHost: t\r\nConnection: close\r\n\r\n"), 505, null));
        cases.add(new Case("bad chunk size", bytes("POST /api/comments HTTP/1.1\r\nHost: t\r\n" + json
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n" + smuggled + "\r\n0\r\n\r\n"), 400, null));
    }

    static byte[] get(String path, String headers) {
        return bytes("GET " + path + " HTTP/1.1\r\nHost: t\r\n" + headers + "Connection: close\r\n\r\n");
    }

    static byte[] post(String path, String headers, byte[] body) {
        return request("POST", path, headers, body);
    }

    static byte[] request(String method, String path, String headers, byte[] body) {
        return concat(bytes(method + " " + path + " HTTP/1.1\r\nHost: t\r\n" + headers + "Content-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n"), body);
    }

    private static byte[] chunked(String path, String headers, String body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes("POST " + path + " HTTP/1.1\r\nHost: t\r\n" + headers
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"));
        byte[] data = bytes(body);
        for (int i = 0; i < data.length; i += 8192) {
            int n = Math.min(8192, data.length - i);
            out.writeBytes(bytes(Integer.toHexString(n) + "\r\n"));
            out.write(data, i, n);
            out.writeBytes(bytes("\r\n"));
        }
        out.writeBytes(bytes("0\r\n\r\n"));
        return out.toByteArray();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String shorten(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
    }
}
