/**
 * The per-start runner token, Jupyter-style. The server prints one link, `http://localhost:<port>/?token=…`; only
 * a request carrying that token gets the runner cookie (HttpOnly, SameSite=Strict) and is redirected to the same
 * address without it, so the token never stays in the address bar, the history or a `Referer`. Pages themselves
 * stay readable without it; what the cookie unlocks is the WebSocket that runs code as the learner. Handing the
 * cookie to any page fetch would let any local user (or, with `--host`, anyone on the network) take it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { localLocation } from './local-location.ts';

/** The query parameter of the link `npm start` prints. */
export const TOKEN_PARAM = 'token';

/** URL-safe, and long enough that guessing it is hopeless. */
const tokenSyntax = /^[A-Za-z0-9_~.-]{24,256}$/;

/**
 * The token for this start: `ARCHLAB_TOKEN` when set (tests, Playwright's web server, the bench, scripts), else a
 * fresh random one.
 */
export function tokenForStart(env: NodeJS.ProcessEnv): string {
  const given = env.ARCHLAB_TOKEN;
  if (given === undefined || given === '') return randomBytes(32).toString('base64url');
  if (!tokenSyntax.test(given)) {
    throw new Error('ARCHLAB_TOKEN must be 24 to 256 characters from A-Z, a-z, 0-9 and "_~.-"; unset it to get a random token');
  }
  return given;
}

/** The link that logs a browser in: `origin` (`http://localhost:4321`) with the token. */
export function tokenLink(origin: string, token: string): string {
  return `${origin}/?${TOKEN_PARAM}=${token}`;
}

/** Equal-length digests, so the comparison takes the same time whatever the given value's length or content. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token and its cookie. The cookie name carries the port: cookies ignore ports, servers do not. */
export class RunnerToken {
  readonly cookieName: string;
  readonly #value: string;

  constructor(port: number, value: string) {
    this.cookieName = `archlab_runner_${port}`;
    this.#value = value;
  }

  setCookieHeader(): string {
    return `${this.cookieName}=${this.#value}; SameSite=Strict; HttpOnly; Path=/`;
  }

  /** True when the request's `Cookie` header carries this token. */
  matches(req: IncomingMessage): boolean {
    let found = false;
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0 || part.slice(0, eq).trim() !== this.cookieName) continue;
      if (sameSecret(part.slice(eq + 1).trim(), this.#value)) found = true;
    }
    return found;
  }

  /**
   * Answers a request whose URL carries `?token=`: the right token gets the cookie and a redirect to the same
   * address without it; a wrong one gets 403 and no cookie. Returns false (and answers nothing) when the URL
   * carries no token.
   */
  handleLogin(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(`http://localhost${localLocation(req.url ?? '/')}`);
    const given = url.searchParams.get(TOKEN_PARAM);
    if (given === null) return false;
    url.searchParams.delete(TOKEN_PARAM);
    const headers = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
    if (!sameSecret(given, this.#value)) {
      res.writeHead(403, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
      res.end('This link does not carry the token of the running server (it may be from an earlier start). Open the link that `npm start` printed most recently.\n');
      return true;
    }
    res.writeHead(302, { ...headers, location: localLocation(url.pathname + url.search), 'set-cookie': this.setCookieHeader() });
    res.end();
    return true;
  }
}
