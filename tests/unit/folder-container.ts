/**
 * A WebContainer backed by a real temp folder and the real `node` on PATH (WebContainer itself cannot boot here), so
 * tests can run exactly the layout and commands the browser's adapter produces.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import type { FileSystemTree, WebContainer, WebContainerProcess } from '@webcontainer/api';
import type { ContainerApi } from '../../src/runtime/webcontainer.ts';

/** The oldest `node` on PATH outside node_modules (Node 20 here), nearer WebContainer's Node than the project's 24. */
export function plainNode(): string {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((d) => d && !d.includes('node_modules'));
  return dirs.map((d) => join(d, 'node')).find(existsSync) ?? process.execPath;
}

/** What WebContainer's API does, on a folder: paths relative to it, one output stream for stdout and stderr. */
export class FolderContainer implements ContainerApi {
  readonly root: string;
  readonly commands: string[][] = [];
  constructor(root: string) {
    this.root = root;
  }

  readonly fs = {
    rm: (path: string, options: { recursive?: boolean; force?: boolean }) => rm(join(this.root, path), options),
    mkdir: (path: string) => mkdir(join(this.root, path), { recursive: true }),
    writeFile: (path: string, data: string) => writeFile(join(this.root, path), data),
    readFile: (path: string) => readFile(join(this.root, path), 'utf8'),
  } as unknown as WebContainer['fs'];

  mount = (async (tree: FileSystemTree) => {
    const write = async (dir: string, node: FileSystemTree): Promise<void> => {
      for (const [name, entry] of Object.entries(node)) {
        const path = join(dir, name);
        if ('directory' in entry) await write(path, entry.directory);
        else if ('file' in entry && 'contents' in entry.file) {
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, entry.file.contents);
        }
      }
    };
    await write(this.root, tree);
  }) as WebContainer['mount'];

  spawn = (async (command: string, args: string[]) => {
    if (command !== 'node') throw new Error(`this container only runs node, not ${command}`);
    this.commands.push([command, ...args]);
    const child = spawn(plainNode(), args, { cwd: this.root, stdio: ['pipe', 'pipe', 'pipe'] });
    const merged = new TransformStream<string, string>();
    const writer = merged.writable.getWriter();
    let open = 2;
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8').on('data', (text: string) => void writer.write(text));
      stream.on('end', () => --open === 0 && void writer.close());
    }
    const process: WebContainerProcess = {
      output: merged.readable,
      input: Writable.toWeb(child.stdin) as WritableStream<string>,
      exit: new Promise((resolve) =>
        child.on('exit', (code) => {
          this.exited = true;
          resolve(code ?? 1);
        }),
      ),
      kill: () => void child.kill('SIGKILL'),
      resize: () => {},
    };
    return process;
  }) as WebContainer['spawn'];

  on = (() => () => {}) as WebContainer['on'];

  /** Whether the last process spawned has exited. */
  exited = false;
}

