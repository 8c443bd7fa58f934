/**
 * An import run on a worker thread of its own (import-service.ts, IMPORT_THREAD=worker): parses,
 * plans and writes with its own connection to the database, records the run in import_runs as
 * the server's thread would, and sends the job's state back as it changes. The server's thread
 * keeps answering requests meanwhile; it lets go of the upload and ends this thread when told
 * the run is done.
 */
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { openDatabase, type DatabaseOrigin } from '../store/db';
import { createDatasetsStore } from '../store/datasets-store';
import type { ImportRequest } from './import-request';
import type { ImportLimits } from './limits';
import type { Upload } from './uploads';
import { createImportRunner, isFinished, readAndParse, type ImportState, type ImportUser, type RunningJob } from './import-service';

export type ImportWorkerMessage =
  | {
      type: 'start';
      origin: DatabaseOrigin;
      dataDir: string;
      limits: ImportLimits;
      h3Resolution?: number;
      job: Pick<RunningJob, 'id' | 'uploadId' | 'fileName'>;
      upload: Upload;
      request: ImportRequest;
      user: ImportUser;
    }
  | { type: 'cancel' };

/** `state`: what changed while running (never an end); `done`: the end, recorded. */
export type ImportWorkerReply = { type: 'state'; state: Partial<ImportState> } | { type: 'done'; state: ImportState };

/** How often the state is sent while it changes, ms. */
const STATE_EVERY_MS = 100;

const port = parentPort!;
const controller = new AbortController();

port.on('message', (m: ImportWorkerMessage) => {
  if (m.type === 'cancel') controller.abort();
  // a failure here (the database cannot be opened…) is this thread's uncaught error: the
  // service records the run failed, in words, with the engine's message in the log
  else void run(m);
});

async function run(m: Extract<ImportWorkerMessage, { type: 'start' }>) {
  const db = await openDatabase({ ...m.origin, secondary: true });
  const datasets = createDatasetsStore(db, { cacheDir: path.join(m.dataDir, 'cache'), h3Resolution: m.h3Resolution });
  // the upload is let go by the service, which knows whether another of its imports reads it
  const runner = createImportRunner({ db, datasets, dataDir: m.dataDir, limits: m.limits, parse: (u, o) => readAndParse(u, o, m.limits), release: () => {} });
  const job: RunningJob = { ...m.job, phase: 'parsing', progress: 0, report: null, datasetId: null, error: null, controller };
  let sent: Partial<ImportState> = {};
  const send = () => {
    if (isFinished(job.phase)) return;
    const changed: Partial<ImportState> = {};
    if (job.phase !== sent.phase) changed.phase = job.phase;
    if (job.progress !== sent.progress) changed.progress = job.progress;
    // a report is sent again only when it is a new one
    if (job.report !== sent.report) changed.report = job.report;
    if (job.datasetId !== sent.datasetId) changed.datasetId = job.datasetId;
    if (Object.keys(changed).length === 0) return;
    sent = { ...sent, ...changed };
    port.postMessage({ type: 'state', state: changed } satisfies ImportWorkerReply);
  };
  const timer = setInterval(send, STATE_EVERY_MS);
  try {
    await runner.run(job, m.upload, m.request, m.user);
  } finally {
    clearInterval(timer);
    await db.close();
  }
  const { phase, progress, report, datasetId, error } = job;
  port.postMessage({ type: 'done', state: { phase, progress, report, datasetId, error } } satisfies ImportWorkerReply);
}
