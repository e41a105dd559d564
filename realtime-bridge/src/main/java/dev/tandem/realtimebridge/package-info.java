/**
 * The Postgres side of the realtime leg: {@link dev.tandem.realtimebridge.writer} turns rows into batched,
 * idempotent inserts, and keeps them durable in {@link dev.tandem.realtimebridge.outage} (a bounded log on local
 * disk) while Postgres is unreachable; {@link dev.tandem.realtimebridge.tap} reads committed changes back out of
 * the WAL (pgoutput). The writer and the tap share nothing but {@link dev.tandem.realtimebridge.ExponentialBackoff}.
 */
package dev.tandem.realtimebridge;
