package dev.chorus.application.migration;

import dev.chorus.domain.Message;

/**
 * One entry of an export file, as read: the message it becomes, or why it cannot be imported.
 *
 * @param index      position in the file's {@code comments} array (0-based)
 * @param id         the entry's id as the file says (null when it has none)
 * @param message    the message to store (its {@code clientTimestamp} is the original timestamp); null when skipped
 * @param problem    why the entry is skipped; null when it has a message
 */
public record ImportItem(int index, String id, Message message, String problem) {

    public static ImportItem of(int index, Message message) {
        return new ImportItem(index, message.id().value(), message, null);
    }

    public static ImportItem skipped(int index, String id, String problem) {
        return new ImportItem(index, id, null, problem);
    }
}
