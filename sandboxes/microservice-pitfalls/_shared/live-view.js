/**
 * The live call graph page: services as boxes, calls as arrows whose width follows calls per second, with
 * latency, errors, retries and any status the lab reports (a breaker's state) written on each arrow. The
 * same numbers are in the table below it. It reads the lab's /events feed twice a second.
 */
export function page(title) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — live call graph</title>
<style>
  :root { --bg: #fbfbfd; --fg: #1d1d24; --muted: #6b6b78; --line: #d9d9e3; --card: #fff;
          --ok: #1d7f4e; --bad: #c2304a; --warn: #a36a00; --accent: #2f6fdb; }
  @media (prefers-color-scheme: dark) {
    :root { --bg: #16161b; --fg: #ececf1; --muted: #a0a0ad; --line: #34343f; --card: #21212a;
            --ok: #5fd39a; --bad: #ff7a90; --warn: #e0a33a; --accent: #7aa7ff; }
  }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
  header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .6rem 1rem; border-bottom: 1px solid var(--line); }
  header h1 { font-size: 1rem; margin: 0; flex: 1; }
  main { padding: .5rem 1rem 1rem; }
  svg { width: 100%; max-height: 55vh; display: block; }
  .node rect { fill: var(--card); stroke: var(--fg); stroke-width: 1.5; }
  .node.faulty rect { stroke: var(--bad); stroke-width: 2.5; stroke-dasharray: 6 3; }
  .node text { fill: var(--fg); font-size: 13px; text-anchor: middle; }
  .node .fault { fill: var(--bad); font-size: 11px; }
  .edge path { fill: none; stroke: var(--muted); }
  .edge.failing path { stroke: var(--bad); }
  .edge text { fill: var(--fg); font-size: 11px; text-anchor: middle; paint-order: stroke; stroke: var(--bg); stroke-width: 4px; }
  .edge text.bad { fill: var(--bad); }
  table { border-collapse: collapse; width: 100%; font-size: .85rem; margin-top: .5rem; }
  th, td { text-align: right; padding: .2rem .5rem; border-bottom: 1px solid var(--line); font-variant-numeric: tabular-nums; }
  th:first-child, td:first-child, td.state { text-align: left; }
  .controls { display: flex; flex-wrap: wrap; gap: .5rem 1rem; margin: .6rem 0; font-size: .85rem; }
  select, button { font: inherit; padding: .15rem .4rem; border-radius: 6px; border: 1px solid var(--line); background: var(--card); color: var(--fg); }
  .answers b.ok { color: var(--ok); } .answers b.failed { color: var(--bad); } .answers b.degraded { color: var(--warn); }
  .meta { color: var(--muted); font-size: .8rem; }
</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><span id="answers" class="answers meta"></span><span id="status" class="meta" role="status">connecting…</span></header>
<main>
  <svg id="graph" viewBox="0 0 760 300" role="img" aria-labelledby="graph-title"><title id="graph-title">Calls between the services, live</title>
    <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="currentColor"/></marker></defs>
    <g id="edges"></g><g id="nodes"></g>
  </svg>
  <div class="controls" id="controls"></div>
  <table aria-label="Calls per edge over the last 3 seconds">
    <thead><tr><th scope="col">call</th><th scope="col">calls/s</th><th scope="col">mean latency</th><th scope="col">errors/s</th><th scope="col">429/s</th><th scope="col">retries/s</th><th scope="col">waiting now</th><th scope="col">calls so far</th><th scope="col">state</th></tr></thead>
    <tbody id="rows"></tbody>
  </table>
  <p class="meta">Numbers cover the last 3 seconds. A retry is a second call for the same request (same x-request-id) on the same arrow.</p>
</main>
<script type="module">
  const $ = (id) => document.getElementById(id);
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const W = 110, H = 44;
  let controlsFor = '';

  function controls(state) {
    const key = Object.keys(state.services).join(',') + state.loadRate;
    if (key === controlsFor) {
      for (const [name, s] of Object.entries(state.services)) { const el = $('fault-' + name); if (el && document.activeElement !== el) el.value = s.fault; }
      return;
    }
    controlsFor = key;
    const rates = [0, 1, 5, 10, 20, 50];
    $('controls').innerHTML = '<label>load <select id="rate">' + rates.map((r) => '<option value="' + r + '"' + (r === state.loadRate ? ' selected' : '') + '>' + r + ' req/s</option>').join('') + '</select></label>'
      + Object.entries(state.services).map(([name, s]) => '<label>' + esc(name) + ' <select id="fault-' + esc(name) + '" data-service="' + esc(name) + '">'
        + Object.entries(state.faults).map(([mode, what]) => '<option value="' + mode + '" title="' + esc(what) + '"' + (mode === s.fault ? ' selected' : '') + '>' + mode + '</option>').join('') + '</select></label>').join('');
    $('rate').onchange = (e) => fetch('load?rate=' + e.target.value, { method: 'POST' });
    for (const el of $('controls').querySelectorAll('select[data-service]')) el.onchange = () => fetch('fault?service=' + el.dataset.service + '&mode=' + el.value, { method: 'POST' });
  }

  function render(state) {
    const at = (name) => state.layout[name] ?? [380, 150];
    $('nodes').innerHTML = Object.keys(state.layout).map((name) => {
      const [x, y] = at(name);
      const fault = state.services[name]?.fault ?? 'ok';
      return '<g class="node' + (fault !== 'ok' ? ' faulty' : '') + '" aria-label="' + esc(name) + (fault !== 'ok' ? ', ' + fault : '') + '"><rect x="' + (x - W / 2) + '" y="' + (y - H / 2) + '" width="' + W + '" height="' + H + '" rx="8"/>'
        + '<text x="' + x + '" y="' + (y + (fault !== 'ok' ? -2 : 5)) + '">' + esc(name) + '</text>'
        + (fault !== 'ok' ? '<text class="fault" x="' + x + '" y="' + (y + 14) + '">' + esc(fault) + '</text>' : '') + '</g>';
    }).join('');
    $('edges').innerHTML = state.edges.map((e) => {
      const [x1, y1] = at(e.from), [x2, y2] = at(e.to);
      const dx = x2 - x1, dy = y2 - y1, len = Math.hypot(dx, dy) || 1;
      const cut = (ux, uy) => Math.min(Math.abs((W / 2 + 4) / (ux || 1e-9)), Math.abs((H / 2 + 4) / (uy || 1e-9)));
      const ux = dx / len, uy = dy / len, c = cut(ux, uy);
      const sx = x1 + ux * c, sy = y1 + uy * c, ex = x2 - ux * c, ey = y2 - uy * c;
      const width = Math.min(10, 1 + Math.sqrt(e.callsPerSecond) * 1.5);
      const failing = e.errorsPerSecond > 0 || e.inFlight > 3;
      const extra = state.status[e.from + '>' + e.to];
      const line1 = e.callsPerSecond + '/s · ' + (e.meanMs === null ? '–' : e.meanMs + ' ms');
      const line2 = [e.inFlight > 3 ? e.inFlight + ' waiting' : '', e.errorsPerSecond ? e.errorsPerSecond + ' err/s' : '', e.limitedPerSecond ? e.limitedPerSecond + ' 429/s' : '', e.retriesPerSecond ? e.retriesPerSecond + ' retries/s' : '', extra ?? ''].filter(Boolean).join(' · ');
      const mx = (sx + ex) / 2, my = (sy + ey) / 2 - 8;
      return '<g class="edge' + (failing ? ' failing' : '') + '"><path d="M' + sx + ' ' + sy + ' L' + ex + ' ' + ey + '" stroke-width="' + width + '" marker-end="url(#arrow)" style="color:var(' + (failing ? '--bad' : '--muted') + ')"/>'
        + '<text x="' + mx + '" y="' + my + '">' + esc(line1) + '</text>' + (line2 ? '<text class="' + (failing ? 'bad' : '') + '" x="' + mx + '" y="' + (my + 13) + '">' + esc(line2) + '</text>' : '') + '</g>';
    }).join('');
    $('rows').innerHTML = state.edges.map((e) => '<tr data-edge="' + esc(e.from + '>' + e.to) + '"><td>' + esc(e.from) + ' → ' + esc(e.to) + '</td><td>' + e.callsPerSecond + '</td><td>' + (e.meanMs === null ? '–' : e.meanMs + ' ms') + '</td><td>' + e.errorsPerSecond
      + '</td><td>' + e.limitedPerSecond + '</td><td>' + e.retriesPerSecond + '</td><td>' + e.inFlight + '</td><td>' + e.total.calls + '</td><td class="state">' + esc(state.status[e.from + '>' + e.to] ?? '') + '</td></tr>').join('');
    const a = state.answers;
    $('answers').innerHTML = 'answers to visitors: <b class="ok">' + a.ok + ' ok</b> · <b class="degraded">' + a.degraded + ' degraded</b> · <b class="failed">' + a.failed + ' failed</b>';
    controls(state);
  }

  const source = new EventSource('events');
  source.onopen = () => { $('status').textContent = 'live'; };
  source.onerror = () => { $('status').textContent = 'disconnected — is the program still running? Press Run.'; };
  source.onmessage = (e) => render(JSON.parse(e.data));
</script>
</body>
</html>`;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}
