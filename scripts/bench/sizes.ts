/** Byte counts as the bench reports them. */
import { gzipSync } from 'node:zlib';

/** Bytes after gzip at zlib's default level 6, the level web servers and CDNs commonly send. */
export function gzipSize(body: Uint8Array | string): number {
  return gzipSync(body).byteLength;
}

/** `1234` → `1.2 KB`; binary kilobytes, one decimal, as budgets are written. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) throw new Error(`formatBytes: expected a byte count, got ${bytes}`);
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
