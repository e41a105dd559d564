/**
 * A local, Supabase-Realtime-compatible WebSocket endpoint for development and CI, fed by the replication tap:
 * {@link dev.tandem.realtimebridge.local.LocalRealtimeServer}. For development and tests only.
 */
package dev.tandem.realtimebridge.local;
