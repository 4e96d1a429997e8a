package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.Message;
import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.WindowChange;

/**
 * Takes the recent window over: installs a window rebuilt from the database after the writer epoch was bumped,
 * with the member it runs on (the key's owner) as the only one that may stamp in it. A window of an older
 * epoch than the current one is refused (two members fenced at once: the later epoch wins, as in the
 * database). An entry the replaced copy holds with more bot progress than the rebuilt one keeps the copy's
 * state: a PATCH or bot outcome stored between the rebuild's read and the install. Returns how many of the rebuilt window's messages the replaced copy lacked (stored by a writer it
 * had lost touch with — the other side of a split, a paused member — and delivered to its readers now), or -1
 * when it was refused.
 */
public final class InstallWindow extends WindowChangeProcessor<Integer> {
    private static final long serialVersionUID = 1L;
    private final RecentWindow rebuilt;
    private final long epoch;

    public InstallWindow(RecentWindow rebuilt, long epoch) {
        this.rebuilt = rebuilt;
        this.epoch = epoch;
    }

    private static long progress(Message message) {
        return message.botParams() == null ? 0 : message.botParams().progress();
    }

    @Override
    protected Decision<Integer> decide(RecentWindow current) {
        if (current == null) {
            return new Decision<>(new WindowChange.Installed(rebuilt.fencedBy(epoch, localMember(), 0)), 0);
        }
        if (current.epoch() >= epoch) {
            return Decision.none(-1);
        }
        int recovered = 0;
        RecentWindow merged = rebuilt;
        for (Message message : rebuilt.entries()) {
            var held = current.find(message.id());
            if (held.isEmpty()) {
                if (message.timestamp() >= current.oldestTimestamp()) {
                    recovered++;
                }
            } else if (progress(held.get()) > progress(message)) {
                // bookkeeping that reached the table after the rebuild read it, and this copy before the take-over
                merged = merged.replace(held.get());
            }
        }
        return new Decision<>(new WindowChange.Installed(merged.fencedBy(epoch, localMember(), current.version())),
                recovered);
    }
}
