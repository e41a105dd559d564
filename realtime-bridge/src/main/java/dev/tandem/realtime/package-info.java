/**
 * The Postgres side of the realtime leg: {@link dev.tandem.realtime.writer} turns rows into batched,
 * idempotent inserts; {@link dev.tandem.realtime.tap} reads committed changes back out of the WAL (pgoutput).
 * The two share nothing but {@link dev.tandem.realtime.ExponentialBackoff}.
 */
package dev.tandem.realtime;
