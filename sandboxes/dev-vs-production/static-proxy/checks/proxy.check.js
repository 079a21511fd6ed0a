// Each check starts the app (app.js) and the learner's proxy (proxy.js) in front of it, and asks the app
// afterwards which paths reached it (GET /__app/seen, answered by the app itself).
const fresh = { headers: { connection: 'close' } };

async function startStack(t) {
  const app = await t.start({ command: 'node app.js' });
  const proxy = await t.start({ command: 'node proxy.js', env: { APP_PORT: String(app.port) } });
  return { app, proxy };
}

async function pathsSeenByApp(t, app) {
  return JSON.parse((await t.http(app, '/__app/seen')).body);
}

async function proxyGet(t, proxy, path, options = {}) {
  const res = await t.http(proxy, path, { ...fresh, ...options }).catch((err) => err);
  if (res instanceof Error) {
    const exited = proxy.exited ? ' The proxy process has exited: look at its output in the terminal.' : '';
    t.assert.fail(`GET ${path} through the proxy got no answer (${res.message}).${exited}`);
  }
  return res;
}

function maxAge(cacheControl) {
  const match = /(?:^|,)\s*max-age=(\d+)/i.exec(cacheControl ?? '');
  return match ? Number(match[1]) : null;
}

export default [
  {
    id: 'forwards-requests',
    name: 'Requests outside /static/ reach the app with method, body, status and headers intact',
    task: 'forward',
    hint: 'Pass method, path and headers to http.request, pipe the request body in and the response back out.',
    measuresTime: false,
    async run(t) {
      const { proxy } = await startStack(t);
      const res = await t.http(proxy, '/api/echo', { method: 'POST', body: 'hello app', headers: { 'content-type': 'text/plain' } });
      t.assert.equal(res.status, 201, 'status of POST /api/echo through the proxy');
      t.assert.equal(res.headers['x-app'], 'echo', 'the app\'s x-app response header, passed back by the proxy');
      t.assert.equal(JSON.parse(res.body), { method: 'POST', body: 'hello app' }, 'what the app received');
    },
  },
  {
    id: 'adds-forwarded-headers',
    name: 'The app learns the client\'s address and scheme from X-Forwarded-For and X-Forwarded-Proto',
    task: 'forward',
    hint: 'Append req.socket.remoteAddress to any X-Forwarded-For the client sent, and set X-Forwarded-Proto; keep Host as the client sent it.',
    measuresTime: false,
    async run(t) {
      const { proxy } = await startStack(t);
      const res = await proxyGet(t, proxy, '/api/whoami', { headers: { 'x-forwarded-for': '203.0.113.7', connection: 'close' } });
      const seen = JSON.parse(res.body);
      t.log(`the app saw ${res.body}`);
      t.assert.match(
        seen.forwardedFor ?? '',
        /^203\.0\.113\.7, *(::ffff:)?127\.0\.0\.1$/,
        'X-Forwarded-For at the app (the client sent "203.0.113.7"; the proxy appends the address it saw, 127.0.0.1). ' +
          'Without it the app sees every request coming from the proxy',
      );
      t.assert.equal(seen.forwardedProto, 'http', 'X-Forwarded-Proto at the app');
      t.assert.equal(seen.host, `127.0.0.1:${proxy.port}`, 'Host header at the app (the one the client sent to the proxy)');
    },
  },
  {
    id: 'static-skips-app',
    name: 'Files under /static/ come from public/ without reaching the app',
    task: 'static',
    hint: 'For paths starting with /static/, read the file from public/ in the proxy and never call http.request.',
    measuresTime: false,
    async run(t) {
      const { app, proxy } = await startStack(t);
      const css = await proxyGet(t, proxy, '/static/app.css');
      const svg = await proxyGet(t, proxy, '/static/logo.svg');
      const reached = (await pathsSeenByApp(t, app)).filter((p) => p.startsWith('/static/'));
      if (reached.length > 0) {
        t.assert.fail(
          `The app was asked for ${reached.join(' and ')}: the proxy passed static files through instead of serving ` +
            'them itself. Each of those requests takes an app worker away from real work.',
          { expected: 'no /static/ requests at the app', actual: reached.join(', ') },
        );
      }
      t.assert.equal(css.status, 200, 'status of GET /static/app.css');
      t.assert.match(css.headers['content-type'] ?? '', /^text\/css/, 'Content-Type of /static/app.css');
      t.assert.equal(svg.status, 200, 'status of GET /static/logo.svg');
      t.assert.match(svg.headers['content-type'] ?? '', /^image\/svg\+xml/, 'Content-Type of /static/logo.svg');
      // The app serves the same files; compare bodies with its copy (asked for only now, after the check above).
      t.log('comparing with the app\'s own copy of /static/app.css (so the app logs one request now)');
      const original = await t.http(app, '/static/app.css');
      t.assert.equal(css.body, original.body, 'body of /static/app.css (the file in public/)');
    },
  },
  {
    id: 'static-cache-headers',
    name: 'Static files carry Cache-Control: an hour for plain names, a year and immutable for hashed names',
    task: 'static',
    hint: 'Send "public, max-age=3600" for app.css and "public, max-age=31536000, immutable" for a name with a content hash like app.3f9a2c1b.js.',
    measuresTime: false,
    async run(t) {
      const { proxy } = await startStack(t);
      const css = await proxyGet(t, proxy, '/static/app.css');
      const hashed = await proxyGet(t, proxy, '/static/app.3f9a2c1b.js');
      t.log(`app.css: ${css.headers['cache-control'] ?? '(none)'}; app.3f9a2c1b.js: ${hashed.headers['cache-control'] ?? '(none)'}`);
      const cssAge = maxAge(css.headers['cache-control']);
      t.assert.ok(cssAge !== null && cssAge >= 3600 && !/no-cache|no-store/i.test(css.headers['cache-control']), 'Cache-Control of /static/app.css should let browsers reuse it for at least an hour', {
        expected: 'public, max-age=3600 (or longer)',
        actual: css.headers['cache-control'] ?? '(no Cache-Control header)',
      });
      t.assert.equal(hashed.status, 200, 'status of GET /static/app.3f9a2c1b.js');
      t.assert.match(hashed.headers['content-type'] ?? '', /^(text|application)\/javascript/, 'Content-Type of /static/app.3f9a2c1b.js');
      const hashedControl = hashed.headers['cache-control'] ?? '';
      t.assert.ok(maxAge(hashedControl) === 31536000 && /immutable/i.test(hashedControl), 'A file whose name carries a content hash never changes: cache it for a year, marked immutable', {
        expected: 'public, max-age=31536000, immutable',
        actual: hashedControl || '(no Cache-Control header)',
      });
    },
  },
  {
    id: 'static-missing-is-404',
    name: 'A missing static file is a 404 from the proxy',
    task: 'static',
    hint: 'When the file does not exist in public/, answer 404 yourself (nginx: try_files $uri =404).',
    measuresTime: false,
    async run(t) {
      const { app, proxy } = await startStack(t);
      const res = await proxyGet(t, proxy, '/static/missing.css');
      t.assert.equal(res.status, 404, 'status of GET /static/missing.css');
      const reached = (await pathsSeenByApp(t, app)).filter((p) => p.startsWith('/static/'));
      t.assert.equal(reached, [], 'static paths the app was asked for');
    },
  },
  {
    id: 'static-stays-in-public',
    name: 'Paths with ".." cannot read files outside public/',
    task: 'static',
    hint: 'Resolve the decoded path against public/ and refuse it unless the result still starts with the public/ folder.',
    measuresTime: false,
    async run(t) {
      const { proxy } = await startStack(t);
      for (const path of ['/static/..%2fproxy.js', '/static/..%2f..%2fproxy.js', '/static/%2e%2e%2fapp.js']) {
        const res = await proxyGet(t, proxy, path);
        if (res.status === 200) {
          t.assert.fail(
            `GET ${path} answered 200 with ${res.body.length} bytes: "%2f" decodes to "/", and "../" climbs out of ` +
              'public/ to your source code. Check that the resolved path is still inside public/.',
            { expected: '400, 403 or 404', actual: `200 (${res.body.slice(0, 40).trim()}…)` },
          );
        }
        t.assert.ok([400, 403, 404].includes(res.status), `status of GET ${path}`, { expected: '400, 403 or 404', actual: res.status });
      }
    },
  },
  {
    id: 'friendly-502',
    name: 'When the app is down, the proxy answers 502 with an HTML page and keeps serving static files',
    task: 'bad-gateway',
    hint: 'Listen for the "error" event of the upstream request and answer 502 with a short HTML page.',
    measuresTime: false,
    async run(t) {
      const nobody = await t.freePort();
      const proxy = await t.start({ command: 'node proxy.js', env: { APP_PORT: String(nobody) } });
      const res = await t.http(proxy, '/', { ...fresh, timeout: 3000 }).catch((err) => err);
      if (res instanceof Error) {
        await proxy.waitForExit(1000);
        const why = proxy.exited
          ? 'The proxy process crashed: an "error" event on the upstream request with no listener ends the process.'
          : 'The proxy never answered.';
        t.assert.fail(`With the app down, GET / got no answer (${res.message}). ${why} Answer 502 instead.`);
      }
      t.assert.equal(res.status, 502, 'status of GET / while the app is down');
      t.assert.match(res.headers['content-type'] ?? '', /^text\/html/, 'Content-Type of the 502 page (people read it in a browser)');
      t.assert.ok(/<h1|<p/i.test(res.body) && res.body.replace(/<[^>]*>/g, '').trim().length >= 20, 'The 502 page should tell people, in a sentence, that the site will be back', {
        expected: 'an HTML page with a short message',
        actual: res.body.trim() === '' ? '(empty body)' : res.body.slice(0, 80),
      });
      const again = await proxyGet(t, proxy, '/api/whoami');
      t.assert.equal(again.status, 502, 'status of a second request while the app is down');
      const css = await proxyGet(t, proxy, '/static/app.css');
      t.assert.equal(css.status, 200, 'status of GET /static/app.css while the app is down (the proxy serves it alone)');
    },
  },
];
