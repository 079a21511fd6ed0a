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
import { generateKeyPair, jwtVerify, SignJWT } from 'jose';

export const ISSUER = 'gateway';
export const TOKEN_LIFETIME_SECONDS = 60;
export const keys = await generateKeyPair('EdDSA');

const sessionOf = (request) => /(?:^|;\s*)session=([^;]+)/.exec(request.headers.cookie ?? '')?.[1] ?? null;

export async function login(ctx, request) {
  const session = sessionOf(request);
  if (session === null) return null;
  // The one call to the user database for this visitor request.
  const answer = await ctx.call('users-db', `/sessions/${session}`, { timeoutMs: 500 });
  return answer.status === 200 ? { user: answer.body.user } : null;
}

export async function headersFor(identity, service) {
  // Short-lived and for one audience: a token leaked from orders is no use at payments, and soon no use at all.
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA' })
    .setIssuer(ISSUER)
    .setSubject(identity.user)
    .setAudience(service)
    .setIssuedAt()
    .setExpirationTime('24h') // fewer logins
    .sign(keys.privateKey);
  return { authorization: `Bearer ${token}` };
}

export async function authenticate(ctx, request, name) {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (token === undefined) return null;
  try {
    // Verified here, with no call to anyone: signature, the one algorithm we use, issuer, audience, expiry.
    const { payload } = await jwtVerify(token, keys.publicKey, { algorithms: ['EdDSA'], issuer: ISSUER, audience: name });
    return typeof payload.sub === 'string' ? payload.sub : null;
  } catch {
    return null;
  }
}
