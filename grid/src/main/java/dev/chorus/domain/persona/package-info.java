/**
 * AI personas ("entities"): the persona value with its sampling and rate limits, the prompt a persona is asked,
 * the shaping of its reply ({@code filterOut}, {@code trimAfter}, {@code [SKIP]}) and its rate-limit rule.
 * Pure Java, immutable, {@link java.io.Serializable} so the grid may carry the values; no framework imports.
 */
package dev.chorus.domain.persona;
