/**
 * The Postgres side of the realtime leg: {@link dev.tandem.realtimebridge.writer} turns rows into batched,
 * idempotent inserts; {@link dev.tandem.realtimebridge.tap} reads committed changes back out of the WAL (pgoutput).
 * The two share nothing but {@link dev.tandem.realtimebridge.ExponentialBackoff}.
 */
package dev.tandem.realtimebridge;
