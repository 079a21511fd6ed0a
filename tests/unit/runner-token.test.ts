/** The per-start token: where it comes from, the cookie it sets, and the login redirect that strips it. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { localLocation } from '../../src/runner/local-location.ts';
import { RunnerToken, tokenForStart, tokenLink } from '../../src/runner/token.ts';

const value = 'x'.repeat(20) + 'abcdEFGH-_';
const withCookie = (cookie?: string) => ({ headers: cookie === undefined ? {} : { cookie } }) as IncomingMessage;

/** Runs `handleLogin` on a request for `url` and captures what it answered. */
function login(token: RunnerToken, url: string): { handled: boolean; status?: number; headers?: Record<string, string>; body?: string } {
  const answer: { status?: number; headers?: Record<string, string>; body?: string } = {};
  const res = {
    writeHead(status: number, headers: Record<string, string>) {
      Object.assign(answer, { status, headers });
      return res;
    },
    end(body?: string) {
      answer.body = body;
    },
  } as unknown as ServerResponse;
  const handled = token.handleLogin({ url, headers: {} } as IncomingMessage, res);
  return { handled, ...answer };
}

describe('tokenForStart', () => {
  it('takes ARCHLAB_TOKEN, else makes a fresh random token per start', () => {
    expect(tokenForStart({ ARCHLAB_TOKEN: value })).toBe(value);
    const a = tokenForStart({});
    expect(a).toMatch(/^[\w-]{43}$/);
    expect(tokenForStart({ ARCHLAB_TOKEN: '' })).not.toBe(a);
  });
  it('refuses a short or unsafe ARCHLAB_TOKEN, naming the variable', () => {
    expect(() => tokenForStart({ ARCHLAB_TOKEN: 'short' })).toThrow(/ARCHLAB_TOKEN must be 24 to 256 characters/);
    expect(() => tokenForStart({ ARCHLAB_TOKEN: `${value}&x=1` })).toThrow(/ARCHLAB_TOKEN/);
  });
  it('puts the token in the link to open', () => {
    expect(tokenLink('http://localhost:4321', value)).toBe(`http://localhost:4321/?token=${value}`);
  });
});

describe('RunnerToken', () => {
  const token = new RunnerToken(4321, value);

  it('sets a strict, HttpOnly cookie named for the port', () => {
    expect(token.setCookieHeader()).toBe(`archlab_runner_4321=${value}; SameSite=Strict; HttpOnly; Path=/`);
  });

  it('matches its own value among other cookies', () => {
    expect(token.matches(withCookie(`a=b; archlab_runner_4321=${value}; c=d`))).toBe(true);
  });

  const refused = [undefined, '', `archlab_runner_4322=${value}`, `archlab_runner_4321=${value}x`, `archlab_runner_4321=${value.slice(1)}`, 'archlab_runner_4321=', `x_archlab_runner_4321=${value}`];
  for (const cookie of refused) {
    it(`refuses cookie ${JSON.stringify(cookie?.slice(0, 30))}`, () => {
      expect(token.matches(withCookie(cookie))).toBe(false);
    });
  }

  it('answers the right token with the cookie and a redirect to the same address without it', () => {
    const answer = login(token, `/lessons/a/b/?runtime=local&token=${value}`);
    expect(answer).toMatchObject({ handled: true, status: 302 });
    expect(answer.headers).toMatchObject({ location: '/lessons/a/b/?runtime=local', 'set-cookie': token.setCookieHeader(), 'cache-control': 'no-store' });
    expect(login(token, `/?token=${value}`).headers?.location).toBe('/');
  });

  it('refuses a wrong token with 403 and no cookie, and leaves other addresses alone', () => {
    for (const wrong of ['nope', value.slice(1), `${value}x`, '']) {
      const answer = login(token, `/?token=${wrong}`);
      expect(answer).toMatchObject({ handled: true, status: 403, body: /printed most recently/ });
      expect(answer.headers?.['set-cookie']).toBeUndefined();
    }
    expect(login(token, '/lessons/?tokens=1').handled).toBe(false);
  });

  it('never redirects to another host', () => {
    expect(login(token, `//evil.example/?token=${value}`).headers?.location).toBe('/evil.example/');
    expect(login(token, `/\\evil.example/x?token=${value}`).headers?.location).toBe('/evil.example/x');
  });
});

describe('localLocation', () => {
  it('collapses leading slashes and backslashes to one slash', () => {
    expect(localLocation('//evil.example/..%2fprogress/')).toBe('/evil.example/..%2fprogress/');
    expect(localLocation('/\\/evil.example')).toBe('/evil.example');
    expect(localLocation('/lessons/a/?q=1')).toBe('/lessons/a/?q=1');
  });
});
