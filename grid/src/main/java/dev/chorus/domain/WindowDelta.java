package dev.chorus.domain;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;

/**
 * A {@link WindowChange} and the window it was made to: the writer epoch, version and history fingerprint
 * ({@link RecentWindow#chain()}) of the window before it.
 * This is what travels when the window changes — to its backup and to every member's replica — instead of the
 * whole window: a post's stamp is one message (~200 bytes) where the window is 500 of them (~100 KB), and it
 * costs the same with a window of 5,000. A copy applies a delta only to the very window it was made to; one
 * that does not fit tells the copy it missed a change (a lost event, a new owner), and the copy reads the
 * window whole from its owner.
 *
 * <p>Written field by field (messages through {@link MessageCodec}), like the window's own serial form.
 */
public final class WindowDelta implements Externalizable {
    private static final long serialVersionUID = 1L;

    /** How a delta relates to a copy of the window. */
    public enum Fit {
        /** Made to exactly this copy: applying it gives the owner's window. */
        APPLIES,
        /** This copy already shows it (it was read whole from the owner after the change). */
        ALREADY_SHOWN,
        /** This copy missed a change before it, or is of another epoch: read the window from its owner. */
        GAP
    }

    private long epoch;
    private long baseVersion;
    /** The history fingerprint of the window it was made to ({@link RecentWindow#chain()}). */
    private long baseChain;
    private WindowChange change;

    /** For deserialization only. */
    public WindowDelta() {
    }

    private WindowDelta(long epoch, long baseVersion, long baseChain, WindowChange change) {
        this.epoch = epoch;
        this.baseVersion = baseVersion;
        this.baseChain = baseChain;
        this.change = change;
    }

    /** {@code change} made to {@code before} (null: no window yet, which only an installation may change). */
    public static WindowDelta of(RecentWindow before, WindowChange change) {
        if (before == null && !(change instanceof WindowChange.Installed)) {
            throw new IllegalArgumentException("only an installation changes a missing window");
        }
        return before == null ? new WindowDelta(0, -1, 0, change)
                : new WindowDelta(before.epoch(), before.version(), before.chain(), change);
    }

    public WindowChange change() {
        return change;
    }

    /** The version of the window this delta was made to. */
    public long baseVersion() {
        return baseVersion;
    }

    public long epoch() {
        return epoch;
    }

    /** How this delta relates to {@code copy} (null: the copy has no window yet). */
    public Fit fit(RecentWindow copy) {
        if (change instanceof WindowChange.Installed installed) {
            RecentWindow window = installed.window();
            // an older take-over heard late may carry the higher version: ordered by epoch first
            return copy == null || window.isLaterThan(copy) ? Fit.APPLIES : Fit.ALREADY_SHOWN;
        }
        if (copy == null || copy.epoch() < epoch) {
            return Fit.GAP;
        }
        if (copy.epoch() > epoch) {
            return Fit.ALREADY_SHOWN; // made before a take-over this copy already shows (the rebuild read the table)
        }
        if (copy.version() == baseVersion) { // the very window it was made to, or one that diverged at it
            return copy.chain() == baseChain ? Fit.APPLIES : Fit.GAP;
        }
        if (copy.version() == baseVersion + 1) { // shows this change, or another one made at the same version
            return copy.chain() == resultChain() ? Fit.ALREADY_SHOWN : Fit.GAP;
        }
        // Further ahead (read whole after this change): taken as shown; a copy that diverged earlier is found by
        // the version check, which compares fingerprints at equal versions (WindowFeed).
        return copy.version() > baseVersion ? Fit.ALREADY_SHOWN : Fit.GAP;
    }

    /** The window after this change; only for a copy it {@link Fit#APPLIES applies} to. */
    public RecentWindow applyTo(RecentWindow copy) {
        if (change instanceof WindowChange.Installed installed) {
            return installed.window();
        }
        return change.applyTo(copy).chained(resultChain());
    }

    /** The history fingerprint of the window after this change. */
    public long resultChain() {
        return change instanceof WindowChange.Installed installed ? installed.window().chain()
                : Chain.mix(baseChain, change.fingerprint());
    }

    private static final byte STAMPED = 1;
    private static final byte COMMITTED = 2;
    private static final byte REPLACED = 3;
    private static final byte RETRACTED = 4;
    private static final byte INSTALLED = 5;

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        out.writeLong(epoch);
        out.writeLong(baseVersion);
        out.writeLong(baseChain);
        if (change instanceof WindowChange.Stamped stamped) {
            out.writeByte(STAMPED);
            MessageCodec.write(out, stamped.entry());
            out.writeBoolean(stamped.writer() != null);
            if (stamped.writer() != null) {
                out.writeUTF(stamped.writer());
            }
        } else if (change instanceof WindowChange.Committed committed) {
            out.writeByte(COMMITTED);
            out.writeUTF(committed.id().value());
        } else if (change instanceof WindowChange.Replaced replaced) {
            out.writeByte(REPLACED);
            MessageCodec.write(out, replaced.updated());
        } else if (change instanceof WindowChange.Retracted retracted) {
            out.writeByte(RETRACTED);
            out.writeUTF(retracted.id().value());
        } else if (change instanceof WindowChange.Installed installed) {
            out.writeByte(INSTALLED);
            out.writeObject(installed.window());
        } else {
            throw new IOException("unknown window change " + change);
        }
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException, ClassNotFoundException {
        epoch = in.readLong();
        baseVersion = in.readLong();
        baseChain = in.readLong();
        byte kind = in.readByte();
        change = switch (kind) {
            case STAMPED -> new WindowChange.Stamped(MessageCodec.read(in), in.readBoolean() ? in.readUTF() : null);
            case COMMITTED -> new WindowChange.Committed(new MessageId(in.readUTF()));
            case REPLACED -> new WindowChange.Replaced(MessageCodec.read(in));
            case RETRACTED -> new WindowChange.Retracted(new MessageId(in.readUTF()));
            case INSTALLED -> new WindowChange.Installed((RecentWindow) in.readObject());
            default -> throw new IOException("unknown window change kind " + kind);
        };
    }

    @Override
    public String toString() {
        return "WindowDelta[epoch=" + epoch + ", base=" + baseVersion + ", " + change.getClass().getSimpleName() + "]";
    }
}
