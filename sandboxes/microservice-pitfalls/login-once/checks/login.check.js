// Checks for logging in once. The services run in the check's process on a fake clock; the checks count calls to
// users-db and forge tokens the way an attacker (or a confused service) would.
import { createFakeMesh } from './_shared/fake-mesh.js';

// Signing and verifying run on real crypto, off the fake clock: wait for answers, do not tick time past them.
const answer = (promise) => promise.then((response) => ({ response }), (error) => ({ error }));

const ALICE = { cookie: 'session=sid-alice' };

async function setup(t) {
  const clock = t.useFakeClock(Date.UTC(2026, 10, 29, 10, 0, 0));
  const { services } = await t.import('services.js');
  const auth = await t.import('auth.js');
  return { clock, auth, mesh: createFakeMesh(services) };
}

/** The token the gateway sent to `service` on the last dashboard request. */
async function tokenSentTo(t, env, service) {
  await answer(env.mesh.request('gateway', '/dashboard', { headers: ALICE }));
  const call = env.mesh.callsTo(service).at(-1);
  const token = /^Bearer (.+)$/.exec(call?.headers.authorization ?? '')?.[1];
  t.assert.ok(token, `The gateway called ${service} without an "authorization: Bearer <token>" header (headers: ${JSON.stringify(call?.headers ?? {})}).`);
  return token;
}

/** Asks `service` directly with this token; the answer's status. */
async function statusWith(env, service, token) {
  const result = await answer(env.mesh.request(service, '/mine', { headers: { authorization: `Bearer ${token}` } }));
  return result.response?.status;
}

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

export default [
  {
    id: 'one-users-db-call-per-request',
    name: 'A dashboard request calls users-db once, at the gateway, and still shows Alice her data',
    task: 'verify-once',
    hint: 'In login(): look the session up in users-db once. In headersFor(): sign a token for that user; in authenticate(): verify it with jwtVerify instead of calling users-db.',
    measuresTime: false,
    async run(t) {
      const env = await setup(t);
      const result = await answer(env.mesh.request('gateway', '/dashboard', { headers: ALICE }));
      t.assert.ok(
        result.response?.status === 200 && result.response.body?.profile?.name === 'Alice' && result.response.body?.orders?.[0]?.id === 'A-17',
        `Alice's dashboard should show her profile and orders; got ${result.response?.status ?? 'no answer'} ${JSON.stringify(result.response?.body)}.`,
      );
      const lookups = env.mesh.callsTo('users-db').map((c) => c.from);
      t.assert.ok(
        lookups.length === 1 && lookups[0] === 'gateway',
        `One visitor request made ${lookups.length} call(s) to users-db (from ${lookups.join(', ') || 'nobody'}). Every service that checks the session itself adds a call to the user database per request, makes it a dependency of everything, and needs redeploying when login changes.`,
        { expected: '1 call, from the gateway', actual: `${lookups.length} calls${lookups.length ? ` from ${lookups.join(', ')}` : ''}` },
      );
    },
  },
  {
    id: 'services-need-a-token',
    name: 'Orders answers 401 to a request with no token, even one carrying a valid session cookie, without calling users-db',
    task: 'verify-once',
    measuresTime: false,
    async run(t) {
      const env = await setup(t);
      const bare = await answer(env.mesh.request('orders', '/mine'));
      t.assert.equal(bare.response?.status, 401, 'status from orders for a request with no credentials');
      const cookie = await answer(env.mesh.request('orders', '/mine', { headers: ALICE }));
      t.assert.ok(
        cookie.response?.status === 401 && env.mesh.callsTo('users-db').length === 0,
        `Orders answered ${cookie.response?.status} to a request carrying only a session cookie and called users-db ${env.mesh.callsTo('users-db').length} time(s). Behind the gateway, services trust the gateway's signed token alone.`,
      );
    },
  },
  {
    id: 'tokens-are-short-lived-and-addressed',
    name: 'Each token names its one audience and expires within 5 minutes',
    task: 'verify-once',
    hint: '.setAudience(service).setIssuedAt().setExpirationTime(`${TOKEN_LIFETIME_SECONDS}s`)',
    measuresTime: false,
    async run(t) {
      const env = await setup(t);
      for (const service of ['orders', 'profile']) {
        const claims = JSON.parse(Buffer.from((await tokenSentTo(t, env, service)).split('.')[1] ?? '', 'base64url').toString() || 'null') ?? {};
        t.assert.equal(claims.aud, service, `the aud claim of the token sent to ${service}`);
        t.assert.ok(
          typeof claims.exp === 'number' && claims.exp - Date.now() / 1000 <= 300 && claims.exp > Date.now() / 1000,
          `The token for ${service} expires ${typeof claims.exp === 'number' ? `in ${Math.round(claims.exp - Date.now() / 1000)} s` : 'never'}. A signed token cannot be taken back before it expires: keep it to minutes.`,
          { expected: 'exp within 300 s', actual: claims.exp === undefined ? 'no exp' : `${Math.round(claims.exp - Date.now() / 1000)} s` },
        );
      }
    },
  },
  {
    id: 'rejects-wrong-audience',
    name: "A token the gateway made for profile is refused by orders",
    task: 'reject-bad-tokens',
    hint: 'jwtVerify(token, keys.publicKey, { audience: name, issuer: ISSUER, algorithms: [\'EdDSA\'] })',
    measuresTime: false,
    async run(t) {
      const env = await setup(t);
      const forProfile = await tokenSentTo(t, env, 'profile');
      const status = await statusWith(env, 'orders', forProfile);
      t.assert.ok(status === 401, `Orders accepted (${status}) a token addressed to profile. If any service's token works everywhere, one leaked token or one compromised service opens all of them (RFC 7519 aud, RFC 9700 audience restriction).`, { expected: 401, actual: status });
    },
  },
  {
    id: 'rejects-expired',
    name: 'A token is refused once it has expired',
    task: 'reject-bad-tokens',
    measuresTime: false,
    async run(t) {
      const env = await setup(t);
      const token = await tokenSentTo(t, env, 'orders');
      t.assert.equal(await statusWith(env, 'orders', token), 200, 'status from orders with the fresh token');
      await env.clock.tick(10 * 60_000);
      const status = await statusWith(env, 'orders', token);
      t.assert.ok(status === 401, `Orders accepted (${status}) a token ten minutes after it was issued. Check exp (jwtVerify does, when the token has one) and give every token one.`, { expected: 401, actual: status });
    },
  },
  {
    id: 'rejects-tampered',
    name: 'A token whose claims were changed after signing is refused',
    task: 'reject-bad-tokens',
    measuresTime: false,
    async run(t) {
      const env = await setup(t);
      const [header, payload, signature] = (await tokenSentTo(t, env, 'orders')).split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = [header, b64({ ...claims, sub: 'bob' }), signature].join('.');
      const status = await statusWith(env, 'orders', forged);
      t.assert.ok(status === 401, `Orders accepted (${status}) Alice's token with "sub" changed to "bob" and the old signature. Decoding a token is not verifying it: check the signature with the gateway's public key.`, { expected: 401, actual: status });
    },
  },
  {
    id: 'rejects-alg-none',
    name: 'An unsigned token ("alg": "none") is refused',
    task: 'reject-bad-tokens',
    hint: "Pass algorithms: ['EdDSA'] to jwtVerify: only the algorithm the gateway signs with is accepted (RFC 8725).",
    measuresTime: false,
    async run(t) {
      const env = await setup(t);
      const now = Math.floor(Date.now() / 1000);
      const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: env.auth.ISSUER, sub: 'alice', aud: 'orders', iat: now, exp: now + 60 })}.`;
      const status = await statusWith(env, 'orders', unsigned);
      t.assert.ok(status === 401, `Orders accepted (${status}) a token with "alg": "none" and no signature — anyone can write one. Accept only the algorithm you sign with (RFC 8725).`, { expected: 401, actual: status });
    },
  },
  {
    id: 'live-mesh-one-lookup',
    name: 'On the running mesh, a dashboard request reaches users-db once',
    task: 'verify-once',
    measuresTime: false, // counts calls
    async run(t) {
      const app = await t.start({ env: { LAB_LOAD_RATE: '0' } });
      const page = await t.http(app, '/edge/dashboard', { headers: { cookie: 'session=sid-bob' }, timeout: 5_000 });
      t.assert.equal(page.status, 200, "status of Bob's dashboard on the running gateway");
      const state = JSON.parse((await t.http(app, '/state')).body);
      const lookups = state.edges.filter((e) => e.to === 'users-db').map((e) => `${e.from}: ${e.total.calls}`);
      t.assert.equal(lookups, ['gateway: 1'], 'calls to users-db per caller for one dashboard request');
    },
  },
];
