/**
 * The bot as values and rules: the work queue ({@link dev.chorus.domain.bot.BotTask}, one per persona-addressed
 * message, and the port {@link dev.chorus.domain.bot.BotQueue} the application drives it through), and the
 * decision for one claimed task ({@link dev.chorus.domain.bot.ReplyDecision}: what is known in, the next step or
 * the {@link dev.chorus.domain.bot.BotOutcome} out), with what the LLM answered as a value
 * ({@link dev.chorus.domain.bot.LlmAnswer}, {@link dev.chorus.domain.bot.LlmError}). Pure Java, immutable; the
 * tasks are Serializable (the grid carries them).
 */
package dev.chorus.domain.bot;
