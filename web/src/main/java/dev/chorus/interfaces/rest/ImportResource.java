package dev.chorus.interfaces.rest;

import dev.chorus.application.migration.HistoryImport;
import dev.chorus.application.migration.ImportItem;
import dev.chorus.application.migration.ImportReport;
import dev.chorus.domain.InvalidMessageException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/import}: the operator's migration of the original's history (bot credential). The body is the
 * original's export file; the answer is the import report. See docs/operations.md, "The bot and migration".
 * Application-scoped, the request passed in: the body arrives by an asynchronous dispatch (BodyDeadlineFilter),
 * where no request scope is active.
 */
@Path("import")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "operator", description = "Operator endpoints (bot credential)")
public class ImportResource {
    /** An export of the original (at most a few thousand messages with context) fits easily. */
    static final int MAX_FILE_BYTES = 64 * 1024 * 1024;

    @Inject
    HistoryImport history;

    @Inject
    CallerResolver callers;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import the original's export file",
            description = "Needs the bot credential. Body: {source, exportDate, totalComments, api, comments: [...]}, "
                    + "as the original's export script writes it (or a bare array). Messages are stored in their original "
                    + "order through the normal post path: new server timestamps after everything on the board, the "
                    + "original timestamp kept as clientTimestamp. Idempotent on id (a second import adds nothing); "
                    + "persona messages are stored processed and are not answered again.")
    @RequestBody(description = "The export file (at most 64 MiB)", required = true)
    @APIResponse(responseCode = "200", description = "{received, imported, duplicates, skipped, skippedByReason, "
            + "skippedMessages: [{index, id, reason}]}")
    @APIResponse(responseCode = "400", description = "Not JSON, or not an export file")
    @APIResponse(responseCode = "401", description = "Without the bot credential")
    @APIResponse(responseCode = "413", description = "Body over 64 MiB")
    @APIResponse(responseCode = "503", description = "Storage unavailable; what was stored stays, run it again")
    public String importFile(InputStream body, @Context HttpServletRequest request) {
        var caller = callers.resolve(request);
        if (!caller.bot()) { // before reading megabytes
            throw new dev.chorus.application.AccessDeniedException("Import needs the bot credential");
        }
        List<ImportItem> items = ExportFile.read(readFile(body));
        ImportReport report = history.run(items, caller);
        return JsonSupport.write(json -> write(json, report));
    }

    private static JsonValue readFile(InputStream body) {
        byte[] bytes;
        try {
            bytes = body.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new WebApplicationException("Export file larger than 64 MiB", 413);
        }
        try (JsonReader reader = JsonSupport.READERS.createReader(new ByteArrayInputStream(bytes))) {
            return reader.readValue();
        } catch (JsonException e) {
            throw new InvalidMessageException(null, "body is not valid JSON");
        }
    }

    private static void write(JsonGenerator json, ImportReport report) {
        json.writeStartObject()
                .write("received", report.received())
                .write("imported", report.imported())
                .write("duplicates", report.duplicates())
                .write("skipped", report.skippedCount())
                .writeStartObject("skippedByReason");
        report.skipped().forEach(json::write);
        json.writeEnd().writeStartArray("skippedMessages");
        for (ImportItem item : report.skippedItems()) {
            json.writeStartObject().write("index", item.index());
            if (item.id() != null) {
                json.write("id", item.id());
            }
            json.write("reason", item.problem()).writeEnd();
        }
        json.writeEnd().writeEnd();
    }
}
