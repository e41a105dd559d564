// Tandem's HTTP API as the page uses it. Every call has a timeout so a hung server cannot stall the page.
export const REQUEST_TIMEOUT_MS = 10000;

// With legacy auth on, the page's ?token= (a viewer token, never stored) also opens the HTTP reads of events
// and figures, which take the same token as the legacy socket.
const VIEWER_TOKEN = new URLSearchParams(location.search).get('token');

export async function getJson(path) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), REQUEST_TIMEOUT_MS);
  const headers = {Accept: 'application/json'};
  if (VIEWER_TOKEN) {
    headers.Authorization = 'Bearer ' + VIEWER_TOKEN;
  }
  try {
    const res = await fetch(path, {signal: ctl.signal, headers, cache: 'no-store'});
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      const err = new Error(`${path}: ${res.status} ${body?.message ?? ''}`.trim());
      err.status = res.status;
      throw err;
    }
    return body;
  } finally {
    clearTimeout(timer);
  }
}

export const api = {
  config: () => getJson('/api/dashboard'),
  transport: (clientId) => getJson('/api/transport?client_id=' + encodeURIComponent(clientId)),
  stats: () => getJson('/api/stats'),
  recent: (limit) => getJson('/api/events/recent?limit=' + limit),
  stage: () => getJson('/api/stage'),
  latestReport: () => getJson('/api/validation/latest'),
};
