/**
 * Use cases of the board: who may do what (credentials, rate limit), metrics and logging; rules live in the domain.
 * The ports these use cases need of the outside world (rate limits, cluster membership, board changes) are
 * interfaces here, implemented in {@code infrastructure}.
 */
package dev.chorus.application;
