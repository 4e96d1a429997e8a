/**
 * Benchmarks: commands, not tests ({@code mvn -Pbenchmark verify -Dit.test=...}); results go to
 * docs/performance.md with the machine and the command.
 */
package dev.chorus.benchmark;
