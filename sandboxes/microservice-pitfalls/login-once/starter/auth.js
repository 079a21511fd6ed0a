/**
 * Who is the visitor? Three functions, used by services.js:
 *
 *   login(ctx, request)               at the gateway, once per visitor request: an identity, or null
 *   headersFor(identity, service)     at the gateway: the headers that tell `service` who the visitor is
 *   authenticate(ctx, request, name)  in the service called `name`: the user id, or null
 *
 * `keys` is a key pair for signing (the gateway's private key) and verifying (everyone's public key).
 * `jose` is available: import { SignJWT, jwtVerify } from 'jose'.
 */
import { generateKeyPair } from 'jose';

export const ISSUER = 'gateway';
export const TOKEN_LIFETIME_SECONDS = 60;
export const keys = await generateKeyPair('EdDSA');

const sessionOf = (request) => /(?:^|;\s*)session=([^;]+)/.exec(request.headers.cookie ?? '')?.[1] ?? null;

export async function login(ctx, request) {
  const session = sessionOf(request);
  return session === null ? null : { session };
}

export async function headersFor(identity, service) {
  // Pass the session cookie on: each service checks it with the user database itself.
  return { cookie: `session=${identity.session}` };
}

export async function authenticate(ctx, request, name) {
  const session = sessionOf(request);
  if (session === null) return null;
  const answer = await ctx.call('users-db', `/sessions/${session}`, { timeoutMs: 500 });
  return answer.status === 200 ? answer.body.user : null;
}
