/**
 * Benchmark of the validation engine: events compared per second per core, and the heap it holds. Run with
 * {@code bin/bench-validate}; see {@link dev.tandem.benchmarks.validation.BenchValidate}.
 */
package dev.tandem.benchmarks.validation;
