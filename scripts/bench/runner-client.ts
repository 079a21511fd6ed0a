/**
 * The bench's way into the local runner: `LocalRuntime`, the runner's one client, connected from Node as the workspace
 * connects in the browser: visit the token link to get the runner cookie, then open the WebSocket with the page's
 * Origin.
 */
import WebSocket from 'ws';
import { tokenLink } from '../../src/runner/token.ts';
import { LocalRuntime, type SocketLike } from '../../src/runtime/local.ts';
import { RUNNER_PATH } from '../../src/schemas/runner.ts';
import { httpGet } from './http-get.ts';
import { NotMeasured } from './not-measured.ts';
import type { RunningServer } from './site-server.ts';

export interface BenchSession {
  runtime: LocalRuntime;
  /** Frames from the runner that did not match the protocol: a failure of the runner, not of the client. */
  invalid: string[];
}

/**
 * Opens a session of `exerciseId` on the runner of the site `server` serves (started with its token), as a page from
 * `http://localhost:<port>` would.
 */
export async function openBenchSession({ port, token }: Pick<RunningServer, 'port' | 'token'>, exerciseId: string, timeoutMs = 60_000): Promise<BenchSession> {
  const host = `localhost:${port}`;
  const probe = await httpGet(port, RUNNER_PATH, { host });
  if (probe.status !== 200) throw new NotMeasured(`the site server does not host the local runner (GET ${RUNNER_PATH} answered ${probe.status})`);
  const link = new URL(tokenLink(`http://${host}`, token));
  const login = await httpGet(port, link.pathname + link.search, { host });
  if (login.status !== 302) throw new NotMeasured(`the token link answered ${login.status}, not a redirect with the runner cookie`);
  const cookie = [login.headers['set-cookie'] ?? []].flat().map((c) => c.split(';', 1)[0]).join('; ');
  const createSocket = (url: string) => new WebSocket(url, { family: 4, origin: `http://${host}`, headers: { cookie } }) as unknown as SocketLike;
  const runtime = await LocalRuntime.create(exerciseId, { url: `ws://${host}${RUNNER_PATH}`, createSocket, timeoutMs });
  const invalid: string[] = [];
  runtime.onInvalidMessage((problem, frame) => invalid.push(`${problem}: ${frame.slice(0, 200)}`));
  return { runtime, invalid };
}
