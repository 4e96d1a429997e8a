/**
 * Reading the personas file ({@code CHORUS_ENTITIES}, default {@code server-config/entities.json}) with JSON-P, in
 * the Chorus format and in the original bot's {@code config-aientities.json} layout, into an immutable
 * {@link dev.chorus.infrastructure.personas.PersonaCatalogSnapshot}. Bad entries are reported and skipped.
 * {@link dev.chorus.infrastructure.personas.CatalogPersonaDirectory} is the adapter of the bot's
 * {@link dev.chorus.application.bot.PersonaDirectory} port.
 */
package dev.chorus.infrastructure.personas;
