/**
 * The bot's use cases: taking persona-addressed messages in as work, dispatching them (claim, prompt, call the
 * LLM, post the reply, complete or fail), rebuilding the queue from storage, and what operators see.
 */
package dev.chorus.application.bot;
