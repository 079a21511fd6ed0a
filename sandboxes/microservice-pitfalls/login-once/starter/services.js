/**
 * A visitor's GET /dashboard reaches the gateway, which asks orders and profile for their parts of the page.
 * users-db is the user centre's database behind a small API: GET /sessions/:id says whose session that is.
 * Which service checks who the visitor is, and how, is up to auth.js.
 */
import { authenticate, headersFor, login } from './auth.js';

const SESSIONS = { 'sid-alice': 'alice', 'sid-bob': 'bob' };
const ORDERS = { alice: [{ id: 'A-17', total: '249.00' }], bob: [] };
const PROFILES = { alice: { name: 'Alice', city: 'Lyon' }, bob: { name: 'Bob', city: 'Porto' } };

export const services = {
  async gateway(request, ctx) {
    const url = new URL(request.path, 'http://gateway');
    if (url.pathname !== '/dashboard') return { status: 404, body: { error: 'try GET /dashboard with a session cookie' } };
    // The demo load sends the session in the query string; a browser sends it as a cookie.
    const withSession = url.searchParams.has('session')
      ? { ...request, headers: { ...request.headers, cookie: `session=${url.searchParams.get('session')}` } }
      : request;
    const identity = await login(ctx, withSession);
    if (identity === null) return { status: 401, body: { error: 'please log in' } };
    const [orders, profile] = await Promise.all(
      ['orders', 'profile'].map(async (service) => ctx.call(service, '/mine', { headers: await headersFor(identity, service), timeoutMs: 500 })),
    );
    if (orders.status !== 200 || profile.status !== 200) return { status: 502, body: { error: `orders ${orders.status}, profile ${profile.status}` } };
    return { status: 200, body: { profile: profile.body, orders: orders.body } };
  },

  async orders(request, ctx) {
    const user = await authenticate(ctx, request, 'orders');
    if (user === null) return { status: 401, body: { error: 'who are you?' } };
    return { status: 200, body: ORDERS[user] ?? [] };
  },

  async profile(request, ctx) {
    const user = await authenticate(ctx, request, 'profile');
    if (user === null) return { status: 401, body: { error: 'who are you?' } };
    return { status: 200, body: PROFILES[user] ?? {} };
  },

  async 'users-db'(request) {
    const user = SESSIONS[request.path.split('/').pop()];
    return user ? { status: 200, body: { user } } : { status: 404, body: { error: 'no such session' } };
  },
};
