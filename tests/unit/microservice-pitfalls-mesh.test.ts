// The mesh the microservice-pitfalls exercises share (sandboxes/microservice-pitfalls/_shared): real HTTP between
// services on loopback, faults, timeouts, and the call graph's counts of retries and calls still waiting.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const shared = join(import.meta.dirname, '../../sandboxes/microservice-pitfalls/_shared');
const { startMesh } = await import(join(shared, 'mesh.js'));
const { createCallGraph } = await import(join(shared, 'call-graph.js'));

type Mesh = Awaited<ReturnType<typeof startMesh>>;
let mesh: Mesh | undefined;
afterEach(() => mesh?.close());

describe('mesh', () => {
  it('calls services by name over HTTP, passing the request id and the caller on', async () => {
    mesh = await startMesh({
      edge: async (_req: unknown, ctx: { call: Function }) => ctx.call('echo', '/x', { headers: { 'x-test': '1' } }),
      echo: async (req: { headers: Record<string, string> }) => ({ status: 200, body: req.headers }),
    });
    const res = await mesh.request('edge', '/');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ 'x-caller': 'edge', 'x-test': '1' });
    expect(res.body['x-request-id']).toMatch(/^r\d+$/);
  });

  it('gives up on a hanging service after timeoutMs, with code TIMEOUT, and answers 503 for one that is down', async () => {
    mesh = await startMesh({ slow: async () => ({ status: 200 }) });
    mesh.setFault('slow', 'hang');
    await expect(mesh.request('slow', '/', { timeoutMs: 50 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    mesh.setFault('slow', 'down');
    expect((await mesh.request('slow', '/')).status).toBe(503);
    expect(() => mesh!.setFault('slow', 'sideways')).toThrow(/unknown fault "sideways"/);
  });
});

describe('call graph', () => {
  it('counts a second call for the same request, method and path on an edge as a retry, and calls still waiting', () => {
    const graph = createCallGraph({ windowMs: 1_000 });
    const call = { from: 'edge', to: 'db', method: 'GET', path: '/a', requestId: 'r1', at: 0, ms: 5 };
    for (let i = 0; i < 3; i++) graph.started(call);
    graph.record({ ...call, status: 503 });
    graph.record({ ...call, status: 200 });
    graph.record({ ...call, requestId: 'r2', status: 200 });
    graph.started(call);
    const [edge] = graph.snapshot(500);
    expect(edge.total).toEqual({ calls: 3, errors: 1, retries: 1, limited: 0 });
    expect(edge.inFlight).toBe(1);
    expect(edge.callsPerSecond).toBe(3);
    expect(graph.snapshot(2_000)[0].callsPerSecond).toBe(0);
  });
});
