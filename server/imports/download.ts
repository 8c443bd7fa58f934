import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

/** Thrown when a source cannot be downloaded; the message says why and what to do instead. */
export class DownloadError extends Error {}

const OFFLINE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNRESET', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Downloads `url` to `dest`, streaming (memory stays flat), with a time limit. Being offline or a
 * server refusing gives a DownloadError that says so plainly.
 */
export async function download(url: string, dest: string, opts: { timeoutMs?: number; onProgress?: (bytes: number) => void } = {}): Promise<{ bytes: number }> {
  const host = new URL(url).host;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 120_000), redirect: 'follow' });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    const code = cause?.code ?? (err as Error).name;
    if (code === 'TimeoutError') throw new DownloadError(`${host} did not answer within ${Math.round((opts.timeoutMs ?? 120_000) / 1000)} s.`);
    if (OFFLINE_CODES.has(code)) {
      throw new DownloadError(`Cannot reach ${host} (${code}): this machine seems to be offline. Download ${url} by other means and import it with "npm run atlas -- import FILE".`);
    }
    throw new DownloadError(`Downloading ${url} failed: ${(err as Error).message}`);
  }
  if (!response.ok || !response.body) throw new DownloadError(`${host} answered ${response.status} ${response.statusText} for ${url}.`);
  let bytes = 0;
  const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
  body.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    opts.onProgress?.(bytes);
  });
  await pipeline(body, fs.createWriteStream(dest));
  return { bytes };
}
