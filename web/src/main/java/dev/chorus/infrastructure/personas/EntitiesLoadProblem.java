package dev.chorus.infrastructure.personas;


/**
 * Something wrong in the entities file.
 *
 * @param severity {@link Severity#ERROR}: the entry was skipped; {@link Severity#WARNING}: it was kept, adjusted
 * @param location where: {@code entities[3]}, {@code lmStudioServers[0]}, {@code queueSettings.maxRetries}
 * @param entityId the entry's id when it has one, else {@code null}
 * @param message  what is wrong, for a person
 */
public record EntitiesLoadProblem(Severity severity, String location, String entityId, String message) {

    public enum Severity { WARNING, ERROR }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return severity + " " + location + (entityId == null ? "" : " (id=" + entityId + ")") + ": " + message;
    }
}
