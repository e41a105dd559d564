/**
 * Benchmarks of Tandem's legacy WebSocket fan-out against a bare Java-WebSocket broadcast server. Run with
 * {@code bin/bench-legacy}; see {@link dev.tandem.benchmarks.BenchLegacy}.
 */
package dev.tandem.benchmarks;
