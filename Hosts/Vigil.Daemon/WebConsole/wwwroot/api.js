// The control API as the console uses it. Every call carries the user's Basic credentials, kept in memory only (a
// reload asks again), and the console header, so that a 401 brings up this page's login, not the browser's dialog.
let auth = null;

export function login(user, password) {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  auth = 'Basic ' + btoa(String.fromCharCode(...bytes));
}

export function logout() {
  auth = null;
}

function headers(extra = {}) {
  return { Authorization: auth ?? '', 'X-Vigil-Console': '1', ...extra };
}

/** One request; answers {status, body} (status 0 when the node does not answer). */
export async function call(method, path, body) {
  const init = { method, cache: 'no-store', headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    return { status: 0, body: { code: 'unreachable', message: `this node does not answer (${e.message})` } };
  }
  const text = await response.text();
  try {
    return { status: response.status, body: text ? JSON.parse(text) : null };
  } catch {
    return { status: response.status, body: { code: 'bad-answer', message: text.slice(0, 200) } };
  }
}

export const command = (name, body) => call('POST', `/v1/commands/${encodeURIComponent(name)}`, body);

/**
 * Follows /v1/events (Server-Sent Events read through fetch, which can send the Authorization header that
 * EventSource cannot): onEvent(name, data) per frame, onLive(true|false) as the stream comes and goes. Reconnects,
 * and gives up on a stream silent for longer than the server's keep-alive. Returns a function that stops it.
 */
export function follow(onEvent, onLive) {
  const stopped = new AbortController();
  (async () => {
    let delay = 500;
    while (!stopped.signal.aborted) {
      const connection = new AbortController();
      const stopConnection = () => connection.abort();
      stopped.signal.addEventListener('abort', stopConnection);
      let watchdog = setTimeout(stopConnection, 20000);
      try {
        const response = await fetch('/v1/events', { headers: headers(), cache: 'no-store', signal: connection.signal });
        if (response.status === 401 || response.status === 403) {
          onLive(false);
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        onLive(true);
        delay = 500;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          clearTimeout(watchdog);
          watchdog = setTimeout(stopConnection, 20000);
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            dispatch(buffer.slice(0, end), onEvent);
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // Dropped, refused or silent: try again below.
      } finally {
        clearTimeout(watchdog);
        stopped.signal.removeEventListener('abort', stopConnection);
      }
      if (stopped.signal.aborted) return;
      onLive(false);
      await new Promise(resolve => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 5000);
    }
  })();
  return () => stopped.abort();
}

function dispatch(frame, onEvent) {
  let name = 'message';
  let data = '';
  for (const line of frame.split('\n')) {
    if (line.startsWith('event: ')) name = line.slice(7);
    else if (line.startsWith('data: ')) data += line.slice(6);
  }
  if (data) onEvent(name, JSON.parse(data));
}
