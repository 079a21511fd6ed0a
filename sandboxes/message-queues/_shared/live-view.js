/**
 * The live view: a tiny web server that shows a broker's queues in the Preview while a scenario runs.
 * The page gets the broker's state and events over server-sent events (GET /events) and draws each
 * message as a card that moves between the delayed, ready, unacked and dead-letter lanes.
 *
 *   GET /        the page        GET /state   the current state as JSON (try: curl localhost:$PORT/state)
 *   GET /events  the live feed   POST /replay run the scenario again
 */
import http from 'node:http';

const STATE_INTERVAL_MS = 60;
const KEPT_LINES = 60;

export function startLiveView({ title, port = Number(process.env.PORT ?? 3000), onReplay }) {
  const clients = new Set();
  let lines = [];
  let broker = null;
  let unsubscribe = () => {};
  let stateTimer = null;

  const send = (payload) => {
    const frame = `data: ${JSON.stringify(payload)}\n\n`;
    for (const res of clients) res.write(frame);
  };
  const currentState = () => (broker ? broker.snapshot() : { at: Date.now(), queues: [] });
  const sendStateSoon = () => {
    stateTimer ??= setTimeout(() => {
      stateTimer = null;
      send({ kind: 'state', state: currentState() });
    }, STATE_INTERVAL_MS);
  };
  const addLine = (line) => {
    lines = [...lines.slice(-(KEPT_LINES - 1)), line];
    send({ kind: 'line', line });
  };

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page(title));
    } else if (req.method === 'GET' && path === '/state') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(currentState(), null, 2));
    } else if (req.method === 'GET' && path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`data: ${JSON.stringify({ kind: 'hello', state: currentState(), lines })}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
    } else if (req.method === 'POST' && path === '/replay' && onReplay) {
      res.writeHead(204).end();
      onReplay();
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  server.listen(port, () => console.log(`live view: http://localhost:${port}/ (open the Preview)`));

  return {
    /** Show this broker from now on (a replay brings a fresh one). */
    watch(next) {
      unsubscribe();
      broker = next;
      lines = [];
      send({ kind: 'hello', state: currentState(), lines });
      unsubscribe = next.subscribe((event) => {
        addLine({ tone: event.type, text: describe(event), at: event.at });
        sendStateSoon();
      });
    },
    /** A line of narration, printed in the Terminal and shown on the page. tone: info | good | bad. */
    note(text, tone = 'info') {
      console.log(`${{ good: '✓', bad: '✗', info: '•' }[tone] ?? '•'} ${text}`);
      addLine({ tone: `note-${tone}`, text, at: Date.now() });
    },
  };
}

function describe(event) {
  const m = event.messageId;
  switch (event.type) {
    case 'published': return `${m} published to ${event.queue}`;
    case 'delayed': return `${m} waits ${Math.round(event.delayMs)} ms before it is ready again`;
    case 'ready': return `${m} is ready in ${event.queue}`;
    case 'delivered': return `${m} delivered to ${event.consumer}`;
    case 'acked': return `${m} acked by ${event.consumer}`;
    case 'requeued': return `${m} nacked by ${event.consumer} and requeued`;
    case 'expired': return `${m}: no ack from ${event.consumer} within the visibility timeout — it goes back to ready`;
    case 'dead-lettered': return `${m} dead-lettered (${event.by}: ${event.reason})${event.to ? ` → ${event.to}` : ', no dead-letter queue: dropped'}`;
    case 'late-settle': return `${m}: ${event.what} from ${event.consumer} ignored — too late, the broker already gave the message back`;
    case 'handler-error': return `${m}: the handler in ${event.consumer} threw: ${event.error}`;
    case 'consumer-crashed': return `${event.consumer} crashed`;
    default: return `${event.type} ${m ?? ''}`;
  }
}

function page(title) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — live view</title>
<style>
  :root { --bg: #fbfbfd; --fg: #1d1d24; --muted: #6b6b78; --line: #d9d9e3; --card: #fff;
          --ready: #2f6fdb; --delayed: #a36a00; --unacked: #7a3fc4; --dead: #c2304a; --good: #1d7f4e; }
  @media (prefers-color-scheme: dark) {
    :root { --bg: #16161b; --fg: #ececf1; --muted: #a0a0ad; --line: #34343f; --card: #21212a;
            --ready: #7aa7ff; --delayed: #e0a33a; --unacked: #b48cff; --dead: #ff7a90; --good: #5fd39a; }
  }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
  header { display: flex; gap: 1rem; align-items: center; padding: .75rem 1rem; border-bottom: 1px solid var(--line); }
  header h1 { font-size: 1rem; margin: 0; flex: 1; }
  button { font: inherit; padding: .3rem .8rem; border-radius: 6px; border: 1px solid var(--line); background: var(--card); color: var(--fg); cursor: pointer; }
  main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(16rem, 2fr); gap: 1rem; padding: 1rem; }
  @media (max-width: 800px) { main { grid-template-columns: 1fr; } }
  section.queue { border: 1px solid var(--line); border-radius: 10px; padding: .6rem .8rem; margin-bottom: 1rem; background: var(--card); }
  section.queue h2 { font-size: .95rem; margin: 0 0 .2rem; }
  .meta { color: var(--muted); font-size: .8rem; }
  .lanes { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: .5rem; margin-top: .5rem; }
  .dead .lanes { grid-template-columns: 1fr; }
  .lane { min-height: 4.5rem; border: 1px dashed var(--line); border-radius: 8px; padding: .35rem; }
  .lane h3 { margin: 0 0 .3rem; font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
  .msg { position: relative; border-radius: 6px; padding: .25rem .4rem; margin-bottom: .3rem; font-size: .8rem;
         border-left: 4px solid var(--c); background: color-mix(in srgb, var(--c) 12%, transparent); overflow: hidden; }
  .msg .id { font-weight: 600; } .msg .who { color: var(--muted); }
  .msg .bar { position: absolute; left: 0; bottom: 0; height: 3px; background: var(--c); }
  .badge { display: inline-block; padding: 0 .35rem; border-radius: 999px; background: var(--c); color: var(--bg); font-size: .7rem; margin-left: .25rem; }
  .lane.ready .msg { --c: var(--ready); } .lane.delayed .msg { --c: var(--delayed); } .lane.unacked .msg { --c: var(--unacked); }
  .dead .msg { --c: var(--dead); }
  .consumers { display: flex; flex-wrap: wrap; gap: .35rem; margin-top: .3rem; }
  .consumer { font-size: .75rem; border: 1px solid var(--line); border-radius: 999px; padding: 0 .5rem; }
  .consumer.crashed { border-color: var(--dead); color: var(--dead); text-decoration: line-through; }
  ol.log { list-style: none; margin: 0; padding: 0; font-size: .8rem; max-height: 75vh; overflow: auto; }
  ol.log li { padding: .15rem 0; border-bottom: 1px solid var(--line); }
  ol.log .t { color: var(--muted); font-variant-numeric: tabular-nums; margin-right: .4rem; }
  ol.log .note-good { color: var(--good); font-weight: 600; } ol.log .note-bad { color: var(--dead); font-weight: 600; }
  ol.log .note-info { font-weight: 600; } ol.log .dead-lettered, ol.log .expired { color: var(--dead); }
  .legend { color: var(--muted); font-size: .8rem; margin: 0 0 .8rem; }
</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><span id="status" class="meta" role="status">connecting…</span><button id="replay" type="button">Replay</button></header>
<main>
  <div>
    <p class="legend">Each card is a message. <b>Ready</b>: waiting for a consumer. <b>Unacked</b>: handed to a consumer, which must ack it before the bar runs out (the visibility timeout). <b>Delayed</b>: waiting to become ready again. ×N counts deliveries.</p>
    <div id="queues"></div>
  </div>
  <div><h2 style="font-size:.95rem;margin:0 0 .4rem">What happened</h2><ol id="log" class="log" aria-live="polite"></ol></div>
</main>
<script type="module">
  const queuesEl = document.getElementById('queues');
  const logEl = document.getElementById('log');
  const statusEl = document.getElementById('status');
  let state = { queues: [] };
  let clockOffset = 0;
  let startedAt = null;
  const spans = new Map();
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const label = (body) => { try { const v = JSON.parse(body); const first = Object.values(v ?? {}).find((x) => typeof x === 'string' || typeof x === 'number'); return String(first ?? body); } catch { return body; } };

  function card(m, lane) {
    const death = m.headers && m.headers['x-death'];
    const who = lane === 'unacked' ? 'at ' + esc(m.consumer) : death ? esc(death.by === 'consumer' ? death.reason : 'delivery limit reached') : '';
    const end = lane === 'unacked' ? m.expiresAt : lane === 'delayed' ? m.readyAt : null;
    // The bar shows the time left as a share of the whole wait, measured when the card first appeared.
    const key = m.id + ':' + end;
    if (end && !spans.has(key)) spans.set(key, Math.max(1, end - state.at));
    const span = end ? ' data-end="' + end + '" data-span="' + spans.get(key) + '"' : '';
    return '<div class="msg" data-id="' + esc(m.id) + '"' + span + '><span class="id">' + esc(m.id) + '</span> ' + esc(label(m.body)).slice(0, 28)
      + (m.deliveryCount > 1 ? '<span class="badge" title="deliveries">×' + m.deliveryCount + '</span>' : '')
      + (death ? '<span class="badge" title="deliveries before it was dead-lettered">×' + death.deliveries + '</span>' : '')
      + '<div class="who">' + who + '</div>' + (end ? '<div class="bar"></div>' : '') + '</div>';
  }
  function lane(name, title, messages) {
    return '<div class="lane ' + name + '"><h3>' + title + ' (' + messages.length + ')</h3>' + messages.map((m) => card(m, name)).join('') + '</div>';
  }
  function render() {
    const before = new Map([...queuesEl.querySelectorAll('.msg')].map((el) => [el.dataset.id, el.getBoundingClientRect()]));
    const deadNames = new Set(state.queues.map((q) => q.deadLetterQueue).filter(Boolean));
    queuesEl.innerHTML = state.queues.map((q) => {
      const dead = deadNames.has(q.name);
      const meta = dead ? 'dead-letter queue: messages nobody could process, kept for a person to inspect'
        : 'visibility timeout ' + q.visibilityTimeoutMs + ' ms · delivery limit ' + q.deliveryLimit + ' · acked so far: <b>' + q.acked + '</b>';
      const consumers = q.consumers.map((c) => '<span class="consumer' + (c.crashed ? ' crashed' : '') + '">' + esc(c.name)
        + (c.crashed ? ' (crashed)' : ' · ' + c.unacked + '/' + c.prefetch + ' unacked' + (c.busy ? ' · working' : '')) + '</span>').join('');
      const lanes = dead ? lane('ready', 'Dead letters', q.ready)
        : lane('delayed', 'Delayed', q.delayed) + lane('ready', 'Ready', q.ready) + lane('unacked', 'Unacked (in flight)', q.unacked);
      return '<section class="queue' + (dead ? ' dead' : '') + '" aria-label="queue ' + esc(q.name) + '"><h2>' + esc(q.name) + '</h2><div class="meta">' + meta + '</div>'
        + (consumers ? '<div class="consumers">' + consumers + '</div>' : '') + '<div class="lanes">' + lanes + '</div></section>';
    }).join('');
    // FLIP: start each card where it was, then let it glide to its new place.
    for (const el of queuesEl.querySelectorAll('.msg')) {
      const old = before.get(el.dataset.id);
      const now = el.getBoundingClientRect();
      if (!old) { el.animate([{ opacity: 0, transform: 'scale(.9)' }, { opacity: 1, transform: 'none' }], 250); continue; }
      const dx = old.left - now.left, dy = old.top - now.top;
      if (dx || dy) el.animate([{ transform: 'translate(' + dx + 'px,' + dy + 'px)' }, { transform: 'none' }], { duration: 350, easing: 'ease-out' });
    }
  }
  function tickBars() {
    const now = Date.now() + clockOffset;
    for (const el of queuesEl.querySelectorAll('.msg[data-end]')) {
      const left = Math.max(0, Number(el.dataset.end) - now);
      el.querySelector('.bar').style.width = Math.min(100, (100 * left) / Number(el.dataset.span)) + '%';
    }
    requestAnimationFrame(tickBars);
  }
  function addLine(line) {
    startedAt ??= line.at;
    const li = document.createElement('li');
    li.innerHTML = '<span class="t">' + ((line.at - startedAt) / 1000).toFixed(1) + ' s</span><span class="' + esc(line.tone) + '">' + esc(line.text) + '</span>';
    logEl.prepend(li);
  }
  function setState(next) { state = next; clockOffset = next.at - Date.now(); render(); }

  const source = new EventSource('events');
  source.onopen = () => { statusEl.textContent = 'live'; };
  source.onerror = () => { statusEl.textContent = 'disconnected — is the program still running? Press Run.'; };
  source.onmessage = (e) => {
    const msg = JSON.parse(e.data);
    if (msg.kind === 'hello') { logEl.innerHTML = ''; startedAt = null; msg.lines.forEach(addLine); setState(msg.state); }
    else if (msg.kind === 'state') setState(msg.state);
    else if (msg.kind === 'line') addLine(msg.line);
  };
  document.getElementById('replay').onclick = () => fetch('replay', { method: 'POST' });
  requestAnimationFrame(tickBars);
</script>
</body>
</html>`;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}
