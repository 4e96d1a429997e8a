package dev.chorus.domain;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.util.HashMap;
import java.util.Map;

/**
 * What a {@link RecentWindow} looks like on the wire (serialization proxy). The window travels with every
 * change — to the backup, and to every member's replica — so it is written field by field instead of by default
 * Java serialization, which describes and reflects over each of the 500 messages' nested records.
 */
final class WindowSerialForm implements Externalizable {
    private static final long serialVersionUID = 1L;
    private RecentWindow window;

    /** For deserialization only. */
    public WindowSerialForm() {
    }

    WindowSerialForm(RecentWindow window) {
        this.window = window;
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        out.writeInt(window.capacity());
        out.writeLong(window.lastTimestamp());
        out.writeLong(window.counts().human());
        out.writeLong(window.counts().ai());
        out.writeLong(window.version());
        out.writeInt(window.size());
        for (Message message : window.entries()) {
            MessageCodec.write(out, message);
        }
        out.writeInt(window.pending().size());
        for (Map.Entry<MessageId, String> pending : window.pending().entrySet()) {
            out.writeUTF(pending.getKey().value());
            out.writeUTF(pending.getValue());
        }
        out.writeLong(window.epoch());
        out.writeBoolean(window.stamper() != null);
        if (window.stamper() != null) {
            out.writeUTF(window.stamper());
        }
        out.writeLong(window.chain());
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException {
        int capacity = in.readInt();
        long lastTimestamp = in.readLong();
        MessageCounts counts = new MessageCounts(in.readLong(), in.readLong());
        long version = in.readLong();
        Message[] entries = new Message[in.readInt()];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = MessageCodec.read(in);
        }
        int pendingCount = in.readInt();
        Map<MessageId, String> pending = new HashMap<>(pendingCount * 2);
        for (int i = 0; i < pendingCount; i++) {
            pending.put(new MessageId(in.readUTF()), in.readUTF());
        }
        long epoch = in.readLong();
        String stamper = in.readBoolean() ? in.readUTF() : null;
        long chain = in.readLong();
        window = RecentWindow.fromSerialForm(entries, capacity, lastTimestamp, counts, Map.copyOf(pending), version,
                epoch, stamper, chain);
    }

    private Object readResolve() {
        return window;
    }
}
