package dev.chorus.infrastructure.personas;

import dev.chorus.domain.persona.Persona;

import java.net.URI;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One immutable reading of the entities file: the valid entities by id (file order), the LLM servers it names, the
 * queue's {@code maxRetries} if it sets one, and what was wrong with it. Replace the whole snapshot on reload; never
 * change one.
 */
public final class PersonaCatalogSnapshot {

    private static final PersonaCatalogSnapshot EMPTY =
            new PersonaCatalogSnapshot(List.of(), List.of(), null, List.of(), "(none)", "", Map.of(), Instant.EPOCH);

    private final Map<String, Persona> entities;
    private final List<LlmServerRef> llmServers;
    private final Integer maxRetries;
    private final List<EntitiesLoadProblem> problems;
    private final String source;
    private final String contentHash;
    private final Map<String, String> entryHashes;
    private final Instant loadedAt;

    public PersonaCatalogSnapshot(List<Persona> entities, List<LlmServerRef> llmServers, Integer maxRetries,
                                 List<EntitiesLoadProblem> problems, String source, String contentHash,
                                 Map<String, String> entryHashes, Instant loadedAt) {
        Map<String, Persona> byId = new LinkedHashMap<>();
        for (Persona e : entities) {
            if (byId.putIfAbsent(e.id(), e) != null) {
                throw new IllegalArgumentException("duplicate entity id " + e.id());
            }
        }
        this.entities = Collections.unmodifiableMap(byId);
        this.llmServers = List.copyOf(llmServers);
        this.maxRetries = maxRetries;
        this.problems = List.copyOf(problems);
        this.source = source;
        this.contentHash = contentHash == null ? "" : contentHash;
        this.entryHashes = Map.copyOf(entryHashes);
        this.loadedAt = loadedAt;
    }

    /** No entities, no servers: what a member has before the first successful read. */
    public static PersonaCatalogSnapshot empty() {
        return EMPTY;
    }

    /** The entity with this id, enabled or not. */
    public Optional<Persona> entity(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(entities.get(id));
    }

    /** The entity with this id if it exists and is enabled: the only kind that gets work. */
    public Optional<Persona> enabledPersona(String id) {
        return entity(id).filter(Persona::enabled);
    }

    /** All valid entities in file order, enabled or not. */
    public Collection<Persona> entities() {
        return entities.values();
    }

    public List<Persona> enabledPersonas() {
        return entities.values().stream().filter(Persona::enabled).toList();
    }

    public Map<String, Persona> entitiesById() {
        return entities;
    }

    /** The enabled LLM servers the file names (its {@code lmStudioServers} or {@code llmServers}); may be empty. */
    public List<LlmServerRef> llmServers() {
        return llmServers;
    }

    public List<URI> llmServerUrls() {
        return llmServers.stream().map(LlmServerRef::baseUrl).toList();
    }

    /** {@code queueSettings.maxRetries}, if the file sets it. */
    public OptionalInt maxRetries() {
        return maxRetries == null ? OptionalInt.empty() : OptionalInt.of(maxRetries);
    }

    public List<EntitiesLoadProblem> problems() {
        return problems;
    }

    /** Whether some entry was skipped. */
    public boolean hasErrors() {
        return problems.stream().anyMatch(EntitiesLoadProblem::isError);
    }

    /** Where it was read from (a path, or a name given by the caller). */
    public String source() {
        return source;
    }

    /** SHA-256 of the file's bytes (hex): equal on every member that read the same file; cheap change detection. */
    public String contentHash() {
        return contentHash;
    }

    /**
     * SHA-256 (hex) of the entity's entry in the file as JSON-P writes it back (its members in file order, no
     * whitespace): equal on every member that read the same file, changed by any edit of that entry (and only of
     * that entry: reformatting the file or editing another persona leaves it). What an operator's switch is
     * compared with ({@link CatalogPersonaDirectory}). Empty for an id the file does not have.
     */
    public Optional<String> entryHash(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(entryHashes.get(id));
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    @Override
    public String toString() {
        return "PersonaCatalogSnapshot[" + entities.size() + " entities (" + enabledPersonas().size() + " enabled), "
                + llmServers.size() + " servers, " + problems.size() + " problems, from " + source + "]";
    }
}
