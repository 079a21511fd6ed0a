/** Host and Origin checks, and message validation, with hostile inputs. */
import { describe, expect, it } from 'vitest';
import { parseClientMessage } from '../../src/runner/connection.ts';
import { classifyHost, isSameOrigin, serverHostNames } from '../../src/runner/http-guard.ts';

const sid = 'a'.repeat(32);

describe('classifyHost', () => {
  const loopback = serverHostNames('127.0.0.1');

  it('accepts the loopback names of this server with its port', () => {
    for (const host of ['localhost:4321', '127.0.0.1:4321', '[::1]:4321', 'LOCALHOST:4321']) {
      expect(classifyHost(host, 4321, loopback)).toEqual({ kind: 'page' });
    }
  });

  it('accepts a bare loopback name only on port 80', () => {
    expect(classifyHost('localhost', 80, loopback)).toEqual({ kind: 'page' });
    expect(classifyHost('localhost', 4321, loopback).kind).toBe('foreign');
  });

  it('recognises preview hosts and their port', () => {
    expect(classifyHost(`${sid}-5173.localhost:4321`, 4321, loopback)).toEqual({ kind: 'preview', sessionId: sid, port: 5173 });
  });

  const foreign = [
    undefined,
    '',
    'evil.example:4321', // DNS rebinding: the attacker's name resolved to 127.0.0.1
    'localhost:4322', // another server's port
    'localhost.evil.example:4321',
    '127.0.0.2:4321',
    '[::1]',
    `${sid}-5173.localhost.evil.example:4321`,
    `${sid}-99999.localhost:4321`, // not a port
    `${sid}-0.localhost:4321`,
    `${'g'.repeat(32)}-5173.localhost:4321`, // ids are hex
    `${sid.slice(1)}-5173.localhost:4321`,
    `x${sid}-5173.localhost:4321`,
    'localhost:4321:4321',
    'user@localhost:4321',
    'localhost:4321/',
    'localhost :4321',
  ];
  for (const host of foreign) {
    it(`refuses Host ${JSON.stringify(host)}`, () => {
      expect(classifyHost(host, 4321, loopback).kind).toBe('foreign');
    });
  }

  it('adds an explicit non-loopback bind address, never for loopback binds', () => {
    const lan = serverHostNames('192.168.1.20');
    expect(classifyHost('192.168.1.20:4321', 4321, lan)).toEqual({ kind: 'page' });
    expect(classifyHost('192.168.1.20:4321', 4321, loopback).kind).toBe('foreign');
    expect(classifyHost('[fe80::1]:4321', 4321, serverHostNames('fe80::1'))).toEqual({ kind: 'page' });
  });
});

describe('isSameOrigin', () => {
  it('requires Origin to be exactly http://<Host>', () => {
    expect(isSameOrigin('http://localhost:4321', 'localhost:4321')).toBe(true);
    expect(isSameOrigin('http://localhost:4321', '127.0.0.1:4321')).toBe(false);
    expect(isSameOrigin('https://localhost:4321', 'localhost:4321')).toBe(false);
    expect(isSameOrigin('http://evil.example', 'localhost:4321')).toBe(false);
    expect(isSameOrigin(`http://${sid}-3000.localhost:4321`, 'localhost:4321')).toBe(false);
    expect(isSameOrigin('null', 'localhost:4321')).toBe(false);
    expect(isSameOrigin(undefined, 'localhost:4321')).toBe(false);
    expect(isSameOrigin('http://localhost:4321', undefined)).toBe(false);
  });
});

describe('parseClientMessage', () => {
  const parse = (text: string) => parseClientMessage(text, false);

  it('accepts a valid request', () => {
    expect(parse('{"type":"write","id":3,"path":"src/a.js","contents":"x"}')).toEqual({ type: 'write', id: 3, path: 'src/a.js', contents: 'x' });
  });

  const hostile: [string, string, string, RegExp][] = [
    ['not JSON', '{"type":', 'bad-message', /^not JSON/],
    ['JSON null', 'null', 'bad-message', /message: /],
    ['an array', '[]', 'bad-message', /message: /],
    ['an unknown type', '{"type":"exec","id":1,"command":"rm -rf /"}', 'bad-message', /type: .*'open'/],
    ['a missing field', '{"type":"read","id":1}', 'bad-message', /^path: /],
    ['an extra field', '{"type":"list","id":1,"cwd":"/"}', 'bad-message', /^cwd: unknown field/],
    ['a prototype key', '{"type":"list","id":1,"__proto__":{"admin":true}}', 'bad-message', /__proto__/],
    ['a negative id', '{"type":"list","id":-1}', 'bad-message', /^id: /],
    ['a fractional pty', '{"type":"input","pty":1.5,"data":"x"}', 'bad-message', /^pty: /],
    ['a huge terminal', '{"type":"shell","id":1,"cols":100000,"rows":24}', 'bad-message', /^cols: /],
    ['oversized input', JSON.stringify({ type: 'input', pty: 1, data: 'x'.repeat(70000) }), 'bad-message', /^data: /],
    ['a traversing exercise id', '{"type":"open","id":1,"exerciseId":"../../etc"}', 'bad-message', /^exerciseId: expected an exercise id/],
    ['a nested exercise id', '{"type":"open","id":1,"exerciseId":"a/b/c"}', 'bad-message', /^exerciseId: /],
    ['a traversing path', '{"type":"write","id":1,"path":"../x","contents":""}', 'bad-path', /^path: expected a relative path/],
    ['an absolute path', '{"type":"read","id":1,"path":"/etc/passwd"}', 'bad-path', /^path: /],
    ['a NUL in a path', '{"type":"read","id":1,"path":"a\\u0000b"}', 'bad-path', /^path: /],
    ['a backslash path', '{"type":"read","id":1,"path":"..\\\\x"}', 'bad-path', /^path: /],
    ['a traversing key in mount', '{"type":"mount","id":1,"files":{"ok.js":"","../x":""}}', 'bad-path', /^files\["\.\.\/x"\]: expected a relative path/],
  ];
  for (const [what, text, code, message] of hostile) {
    it(`answers ${what} with ${code}`, () => {
      const reply = parse(text);
      expect(reply).toMatchObject({ type: 'error', code });
      expect(reply.type === 'error' && reply.message).toMatch(message);
    });
  }

  it('echoes a usable request id, and only that', () => {
    expect(parse('{"type":"read","id":7}')).toMatchObject({ id: 7 });
    expect(parse('{"type":"read","id":"7"}')).not.toHaveProperty('id');
    expect(parse('{"type":"read","id":1e300}')).not.toHaveProperty('id');
  });

  it('refuses binary frames', () => {
    expect(parseClientMessage(Buffer.from('{"type":"list","id":1}'), true)).toMatchObject({ code: 'bad-message', message: /binary/ });
  });
});
