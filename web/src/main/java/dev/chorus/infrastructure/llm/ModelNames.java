package dev.chorus.infrastructure.llm;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * How a requested model name matches a server's model ids: the same name ignoring case, or, for a name without
 * {@code @quantization}, any quantization of it (also under a publisher prefix, {@code publisher/name@q4}).
 */
final class ModelNames {

    private ModelNames() {
    }

    /** Whether {@code ids} holds {@code model}. */
    static boolean contains(Collection<String> ids, String model) {
        for (String id : ids) {
            if (matches(model, id)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String requested, String id) {
        if (requested == null || id == null) {
            return false;
        }
        String want = requested.trim().toLowerCase(Locale.ROOT);
        String have = id.trim().toLowerCase(Locale.ROOT);
        if (want.equals(have)) {
            return true;
        }
        int at = have.indexOf('@');
        String haveBase = at < 0 ? have : have.substring(0, at);
        return !want.contains("@") && (want.equals(haveBase) || haveBase.endsWith("/" + want));
    }

    /** {@code ids} without every id {@code model} matches. */
    static Set<String> without(Set<String> ids, String model) {
        Set<String> kept = new HashSet<>();
        for (String id : ids) {
            if (!matches(model, id)) {
                kept.add(id);
            }
        }
        return Set.copyOf(kept);
    }
}
