/**
 * What the worker pools (parallel-join.ts, borderland-zone-pool.ts) share: starting a worker
 * from a module beside this one, and one request–reply exchange with it.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts `{name}.ts` beside the module `from` (by default server/compute/; or `{name}.js` beside
 * the bundle that holds this module, see scripts/atlas.mjs) on a worker thread. A TypeScript worker needs tsx in its thread too: it
 * registers tsx's loader before importing its own module.
 *
 * @example
 * const worker = startWorker('parallel-join-worker');
 * const importer = startWorker('import-worker', import.meta.url); // server/imports/import-worker.ts
 */
export function startWorker(name: string, from: string = import.meta.url): Worker {
  const url = new URL(`./${name}${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url.endsWith('.ts') ? from : import.meta.url);
  if (!url.pathname.endsWith('.ts')) return new Worker(url);
  // tsx's ESM entry, found from here (the worker's own directory may be anywhere).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { eval: true });
}

/**
 * Posts one message and resolves with the worker's reply; a reply `{ type: 'error', message }`,
 * an error event or the worker's exit rejects, naming `what`. Workers answer in order, and a pool
 * never has two messages in flight to the same worker.
 */
export function request<Reply extends { type: string; message?: string }>(worker: Worker, message: unknown, what: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: Reply) => {
      cleanup();
      if (reply.type === 'error') reject(new Error(`${what} worker failed: ${reply.message}`));
      else resolve(reply);
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`${what} worker exited with code ${code}`));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(message);
  });
}
