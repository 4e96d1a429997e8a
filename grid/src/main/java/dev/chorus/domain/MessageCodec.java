package dev.chorus.domain;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A compact binary form of a message, field by field, for the recent window's serial form. Reading goes
 * through the constructors, so a message read back is validated like any other.
 */
final class MessageCodec {
    private MessageCodec() {
    }

    static void write(DataOutput out, Message m) throws IOException {
        out.writeUTF(m.id().value());
        out.writeUTF(m.text());
        out.writeLong(m.timestamp());
        writeLong(out, m.clientTimestamp());
        writeString(out, m.username());
        out.writeUTF(m.color().digits());
        out.writeUTF(m.domain());
        out.writeUTF(m.language());
        out.writeByte(m.type().ordinal());
        writeString(out, m.misc());
        out.writeInt(m.context() == null ? -1 : m.context().size());
        if (m.context() != null) {
            for (String line : m.context()) {
                out.writeUTF(line);
            }
        }
        BotParams p = m.botParams();
        out.writeBoolean(p != null);
        if (p != null) {
            writeString(out, p.entity());
            writeInt(out, p.priority());
            writeString(out, p.model());
            writeString(out, p.ais());
            writeString(out, p.nom());
            out.writeByte(p.processed() == null ? -1 : p.processed() ? 1 : 0);
            out.writeByte(p.status() == null ? -1 : p.status().ordinal());
            writeInt(out, p.attempts());
            writeString(out, p.replyId());
            writeString(out, p.lastError());
        }
        writeString(out, m.replyTo());
    }

    static Message read(DataInput in) throws IOException {
        MessageId id = new MessageId(in.readUTF());
        String text = in.readUTF();
        long timestamp = in.readLong();
        Long clientTimestamp = readLong(in);
        String username = readString(in);
        Color color = new Color(in.readUTF());
        String domain = in.readUTF();
        String language = in.readUTF();
        MessageType type = MessageType.values()[in.readByte()];
        String misc = readString(in);
        int lines = in.readInt();
        List<String> context = null;
        if (lines >= 0) {
            context = new ArrayList<>(lines);
            for (int i = 0; i < lines; i++) {
                context.add(in.readUTF());
            }
        }
        BotParams botParams = null;
        if (in.readBoolean()) {
            String entity = readString(in);
            Integer priority = readInt(in);
            String model = readString(in);
            String ais = readString(in);
            String nom = readString(in);
            byte processed = in.readByte();
            byte status = in.readByte();
            botParams = new BotParams(entity, priority, model, ais, nom, processed < 0 ? null : processed == 1,
                    status < 0 ? null : BotStatus.values()[status], readInt(in), readString(in), readString(in));
        }
        return new Message(id, text, timestamp, clientTimestamp, username, color, domain, language, type, misc,
                context, botParams, readString(in));
    }

    private static void writeString(DataOutput out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readString(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeLong(DataOutput out, Long value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value);
        }
    }

    private static Long readLong(DataInput in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    private static void writeInt(DataOutput out, Integer value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeInt(value);
        }
    }

    private static Integer readInt(DataInput in) throws IOException {
        return in.readBoolean() ? in.readInt() : null;
    }
}
