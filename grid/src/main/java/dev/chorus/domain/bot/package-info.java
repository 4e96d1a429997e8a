/**
 * The bot's work queue as values: one {@link dev.chorus.domain.bot.BotTask} per persona-addressed message and the
 * port the application drives it through. Pure Java, immutable, Serializable (the grid carries tasks).
 */
package dev.chorus.domain.bot;
