// Subscribes to postgres_changes through supabase-js, the official client, and prints one JSON line per thing
// its callbacks receive, for the JUnit tests of the local Realtime endpoint to read:
//   {"kind":"status","status":"SUBSCRIBED"}   subscribe() status callback (SUBSCRIBED, CHANNEL_ERROR, ...)
//   {"kind":"system","payload":{...}}          channel.on('system')
//   {"kind":"change","payload":{...}}          channel.on('postgres_changes'): eventType, new, old, ...
// Arguments: one JSON object {url, key, vsn, channel, event, schema, table, filter, heartbeatIntervalMs}.
// Exits when its stdin closes, so a test that dies does not leave it running.
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';

const args = JSON.parse(process.argv[2]);
const print = (o) => process.stdout.write(JSON.stringify(o) + '\n');

const realtime = { transport: WebSocket, params: {} };
if (args.vsn) realtime.vsn = args.vsn;
if (args.heartbeatIntervalMs) realtime.heartbeatIntervalMs = args.heartbeatIntervalMs;
const client = createClient(args.url, args.key, {
  realtime,
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
});

const binding = { event: args.event || '*', schema: args.schema || 'public', table: args.table };
if (args.filter) binding.filter = args.filter;
client
  .channel(args.channel || 'tests')
  .on('postgres_changes', binding, (payload) => print({ kind: 'change', payload }))
  .on('system', {}, (payload) => print({ kind: 'system', payload }))
  .subscribe((status, err) => print({ kind: 'status', status, error: err ? String(err.message || err) : null }));

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
