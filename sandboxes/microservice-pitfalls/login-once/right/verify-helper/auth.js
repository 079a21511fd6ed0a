/**
 * Log in once, written with a per-request cache of tokens and explicit claim checks after jwtVerify.
 */
import { generateKeyPair, jwtVerify, SignJWT } from 'jose';

export const ISSUER = 'gateway';
export const TOKEN_LIFETIME_SECONDS = 60;
export const keys = await generateKeyPair('EdDSA');

function cookie(request, name) {
  for (const part of String(request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return null;
}

export async function login(ctx, request) {
  const session = cookie(request, 'session');
  if (!session) return null;
  const found = await ctx.call('users-db', `/sessions/${encodeURIComponent(session)}`, { timeoutMs: 500 });
  if (found.status !== 200) return null;
  return { user: found.body.user, tokens: new Map() };
}

export async function headersFor(identity, service) {
  if (!identity.tokens.has(service)) {
    const now = Math.floor(Date.now() / 1000);
    identity.tokens.set(
      service,
      await new SignJWT({ sub: identity.user, iss: ISSUER, aud: service, iat: now, exp: now + TOKEN_LIFETIME_SECONDS })
        .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
        .sign(keys.privateKey),
    );
  }
  return { authorization: `Bearer ${identity.tokens.get(service)}` };
}

export async function authenticate(ctx, request, name) {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return null;
  const verified = await jwtVerify(header.slice('Bearer '.length), keys.publicKey, {
    algorithms: ['EdDSA'],
    issuer: ISSUER,
    audience: name,
    requiredClaims: ['sub', 'exp'],
  }).catch(() => null);
  return verified?.payload.sub ?? null;
}
