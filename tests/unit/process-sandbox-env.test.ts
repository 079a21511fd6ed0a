import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inheritedEnv } from '../../src/process/sandbox-env.ts';

describe('inheritedEnv', () => {
  it('keeps harmless variables and drops everything else, such as tokens', () => {
    const env = inheritedEnv({ HOME: '/home/learner', TZ: 'UTC', GITHUB_TOKEN: 'secret', AWS_SECRET_ACCESS_KEY: 'k', NODE_OPTIONS: '--require x' });
    expect(env.HOME).toBe('/home/learner');
    expect(env.TZ).toBe('UTC');
    expect(Object.keys(env).sort()).toEqual(['HOME', 'LANG', 'PATH', 'TZ']);
  });
  it('puts this Node first on PATH and defaults LANG', () => {
    const env = inheritedEnv({ PATH: '/usr/bin' });
    expect(env.PATH!.split(':')[0]).toBe(dirname(process.execPath));
    expect(env.PATH!.endsWith('/usr/bin')).toBe(true);
    expect(env.LANG).toBe('C.UTF-8');
  });
});
