import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Db } from '../store/db';
import type { Viewer } from '../store/access';
import { ImportCancelled, type DatasetsStore } from '../store/datasets-store';
import { ImportError, type ImportIssue } from '../importers/import-error';
import type { ImportRequest } from './import-request';
import type { ImportLimits } from './limits';
import { inspectParsed, parseFile, type ParsedFile } from './parse-file';
import { planImport, refusalOf, siteCategory, streamedSitesReport, type ImportReport } from './plan-import';
import { inspectStreamable, streamSites, streamableFormat, WHOLE_INSPECT_MAX_BYTES, type SiteStream, type StreamFormat } from './stream-sites';
import { deleteUpload, getUpload, hashFile, sweepUploads, touchUpload, type Upload } from './uploads';
import { clearRunning, isOrphaned, listRunning, markRunning } from './running-imports';
import { createInterventionsStore } from '../store/interventions-store';
import { startWorker } from '../compute/worker-threads';
import type { ImportWorkerMessage, ImportWorkerReply } from './import-worker';

export type ImportPhase = 'parsing' | 'validating' | 'writing' | 'published' | 'failed' | 'cancelled';

export interface ImportJob {
  id: string;
  uploadId: string;
  fileName: string;
  phase: ImportPhase;
  /** 0–1 within the current phase. */
  progress: number;
  report: ImportReport | null;
  datasetId: string | null;
  error: { message: string; issues: ImportIssue[] } | null;
}

/** Who imports: the dataset belongs to their acting organisation; joins see only what they may see. */
export type ImportUser = Viewer;

/** Thrown for an upload id that does not exist (expired or never uploaded). */
export class UnknownUpload extends Error {}

/**
 * A failure that is not the file's (a bug, the database): its message says so in words, and the
 * engine's own message goes to the server log under `reference`.
 */
export class InternalImportFailure extends Error {
  constructor(readonly reference: string, what: string) {
    super(`${what} failed with an internal error (reference ${reference}, in the server log); nothing was written. Try again, and tell the administrator if it fails again.`);
  }
}

/** Uploads not used for this long are deleted. */
export const UPLOAD_MAX_IDLE_MS = 60 * 60 * 1000;

/** What history says of a run cut off by a crash or a restart. */
export const INTERRUPTED_MESSAGE = 'Interrupted: the process running this import stopped (a crash or a restart) before it finished; nothing was written. Upload the file again to import it.';

// The engine's message to the log, words to the person: for anything that is not an ImportError.
function internalFailure(err: unknown, what: string): InternalImportFailure {
  const failure = new InternalImportFailure(crypto.randomBytes(4).toString('hex'), what);
  console.error(`import failure ${failure.reference} (${what}): ${(err as Error)?.stack ?? err}`);
  return failure;
}

// ImportError, UnknownUpload and a cancel pass as they are; anything else is logged and reworded.
async function answering<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ImportError || err instanceof UnknownUpload || err instanceof ImportCancelled) throw err;
    if (err instanceof Error && /^Unknown site category/.test(err.message)) throw err;
    throw internalFailure(err, what);
  }
}

/** Reads and parses an upload whole: the file's faults as ImportError, anything else reworded. */
export function readAndParse(u: Upload, options: { encoding?: string; layer?: string }, limits: ImportLimits): Promise<ParsedFile> {
  return answering(`Reading ${u.name}`, () =>
    fs.promises.readFile(u.path).then((bytes) => parseFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), u.name, { ...options, limits })),
  );
}

/** Where imports run: on a worker thread each (the default), or on the server's own thread. */
export type ImportThread = 'worker' | 'main';

/** What a run shows of itself: the fields of ImportJob that change as it goes. */
export type ImportState = Pick<ImportJob, 'phase' | 'progress' | 'report' | 'datasetId' | 'error'>;

/** A job as a run sees it: its state, changed in place, and the signal of a cancel. */
export type RunningJob = ImportJob & { controller: AbortController };

export const isFinished = (phase: ImportPhase) => phase === 'published' || phase === 'failed' || phase === 'cancelled';

/**
 * One import run from upload to published (or failed, or cancelled), recorded in import_runs: the
 * part of the service that runs on the import's thread (the server's own, or a worker's, see
 * import-worker.ts), with that thread's connection to the database. `parse` reads a file (the
 * service keeps the wizard's last parses); `release` lets go of an upload a run has finished with.
 * The one module outside server/store that reads and writes the database itself (its own
 * import_runs table, never a record of the access rule), as server/db-access.test.ts allows.
 */
export function createImportRunner(opts: {
  db: Db;
  datasets: DatasetsStore;
  dataDir: string;
  limits: ImportLimits;
  parse: (u: Upload, options: { encoding?: string; layer?: string }) => Promise<ParsedFile>;
  release: (uploadId: string, jobId: string) => void;
}) {
  const { db, datasets, dataDir, limits, parse, release } = opts;
  // a 3W sheet's interventions are written by their own store, in one transaction
  const interventions = createInterventionsStore(db);

  async function record(
    run: { id: string; user: ImportUser; upload: Upload; kind: string },
    patch: { status: string; message?: string | null; report?: ImportReport | null; datasetId?: string | null; finished?: boolean; fileHash?: string | null },
  ) {
    const values = {
      status: patch.status,
      message: patch.message ?? null,
      report: patch.report ? JSON.stringify(patch.report) : null,
      dataset_id: patch.datasetId ?? null,
      finished_at: patch.finished ? new Date().toISOString() : null,
      ...(patch.fileHash ? { file_hash: patch.fileHash } : {}),
    };
    const existing = await db.db.selectFrom('import_runs').select('id').where('id', '=', run.id).executeTakeFirst();
    if (existing) await db.db.updateTable('import_runs').set(values).where('id', '=', run.id).execute();
    else
      await db.db
        .insertInto('import_runs')
        // a file registered where it lies has no hash until it has been read: '' until then
        .values({ id: run.id, org_id: run.user.orgId, started_by: run.user.id, file_name: run.upload.name, file_hash: run.upload.sha256 ?? '', kind: run.kind, started_at: new Date().toISOString(), ...values })
        .execute();
  }

  // Sites from newline-delimited GeoJSON or CSV are read as a stream and never held whole.
  async function siteStream(u: Upload, request: ImportRequest): Promise<{ format: StreamFormat; stream: SiteStream } | null> {
    if (request.kind !== 'sites') return null;
    const format = await streamableFormat(u.path, u.name, request.encoding);
    if (!format) return null;
    const stream = streamSites(u.path, {
      fileName: u.name, format, category: siteCategory(request), latField: request.latField, lngField: request.lngField,
      nameField: request.nameField, locale: request.locale, encoding: request.encoding, filters: format === 'csv' ? request.filters : [], limits,
      // one read for the sites and the hash
      hash: u.sha256 === null,
    });
    return { format, stream };
  }

  async function run(job: RunningJob, u: Upload, request: ImportRequest, user: ImportUser) {
    const meta = { id: job.id, user, upload: u, kind: request.kind };
    // known from the upload, or taken as the file is read
    let fileHash = u.sha256;
    const dataset = {
      // a 3W sheet publishes interventions, never a dataset (see plan.interventions below)
      name: request.name, kind: request.kind as Exclude<ImportRequest['kind'], 'interventions'>, source: request.source, licence: request.licence, dataDate: request.dataDate,
      sensitivity: request.sensitivity, fileName: u.name, fileHash, importedBy: user.email || user.id, orgId: user.orgId,
    };
    try {
      markRunning(dataDir, job.id, u.id);
      await record(meta, { status: 'running' });
      const streamed = await siteStream(u, request);
      if (streamed) {
        // reading, checking and writing go together: progress is the share of the file read
        job.phase = 'writing';
        job.progress = 0;
        const { stream, format } = streamed;
        const batches = (async function* () {
          for await (const batch of stream.batches) {
            job.progress = u.size ? Math.min(1, stream.bytesRead() / u.size) : 1;
            yield batch;
          }
          // thrown before the commit: a dataset with nothing in it is not published
          const refusal = refusalOf(streamedSitesReport(u.name, format, stream.summary()), request);
          if (refusal) throw new ImportError(refusal);
        })();
        const written = await datasets.publishSites(dataset, batches, { signal: job.controller.signal, fileHash: () => (fileHash ??= stream.sha256()) });
        job.report = streamedSitesReport(u.name, format, stream.summary());
        job.datasetId = written.datasetId;
        job.progress = 1;
        // a poll that sees the end sees the upload gone and the run recorded
        release(u.id, job.id);
        await record(meta, { status: 'published', report: job.report, datasetId: written.datasetId, finished: true, fileHash });
        job.phase = 'published';
        return;
      }
      dataset.fileHash = fileHash ??= await hashFile(u.path);
      job.phase = 'parsing';
      const file = await parse(u, { encoding: request.encoding, layer: request.layer });
      if (job.controller.signal.aborted) throw new ImportCancelled();
      job.phase = 'validating';
      const plan = await planImport(file, request, { joinCandidates: (id) => datasets.joinCandidates(user, id) });
      job.report = plan.report;
      const refusal = refusalOf(plan.report, request);
      if (refusal) throw new ImportError(refusal);
      if (job.controller.signal.aborted) throw new ImportCancelled();
      job.phase = 'writing';
      job.progress = 0;
      if (plan.interventions) {
        await interventions.importMany(user, plan.interventions, { importRunId: job.id });
        job.progress = 1;
        release(u.id, job.id);
        await record(meta, { status: 'published', report: plan.report, finished: true, fileHash });
        job.phase = 'published';
        return;
      }
      const written = await datasets.publish(
        dataset,
        plan.payload,
        { signal: job.controller.signal, onProgress: (done, total) => (job.progress = total ? done / total : 1) },
      );
      job.datasetId = written.datasetId;
      job.progress = 1;
      release(u.id, job.id);
      await record(meta, { status: 'published', report: plan.report, datasetId: written.datasetId, finished: true, fileHash });
      job.phase = 'published';
    } catch (err) {
      const cancelled = err instanceof ImportCancelled;
      // a database or engine message is for the log, not for the person importing
      const told = cancelled || err instanceof ImportError ? (err as Error) : internalFailure(err, `The import of ${u.name} (job ${job.id}, while ${job.phase})`);
      const phase = cancelled ? 'cancelled' : 'failed';
      job.error = {
        message: cancelled ? 'The import was cancelled; nothing was written.' : told.message,
        issues: err instanceof ImportError ? err.issues : [],
      };
      // a stream that stopped early has not hashed the whole file
      fileHash ??= await hashFile(u.path).catch(() => null);
      release(u.id, job.id);
      await record(meta, { status: phase, message: job.error.message, report: job.report, finished: true, fileHash }).catch((e) => console.error(`import ${job.id}: cannot record the run: ${e.message}`));
      job.phase = phase;
    } finally {
      clearRunning(dataDir, job.id);
      release(u.id, job.id);
    }
  }

  return { run, record, siteStream };
}

/**
 * The import pipeline shared by the wizard and the CLI: parse → plan (validate, join) → publish
 * in one transaction, with progress and cancel. Every run is recorded in import_runs; a failed or
 * cancelled run leaves only that record. `thread: 'worker'` (IMPORT_THREAD, the default) runs
 * each start on a worker thread of its own with its own connection (import-worker.ts), so that
 * parsing and writing a big file never hold up this thread's requests; `afterPublish` is called
 * here for each dataset such a run publishes ('main' runs publish through `datasets`), and the
 * run's `done` waits for it (the CLI exits once the stored factors follow the new data).
 */
export function createImportService(opts: {
  db: Db;
  datasets: DatasetsStore;
  dataDir: string;
  limits: ImportLimits;
  thread?: ImportThread;
  h3Resolution?: number;
  afterPublish?: (datasetId: string) => Promise<void> | void;
}) {
  const { db, datasets, dataDir, limits } = opts;
  const thread = opts.thread ?? 'worker';
  const parsed = new Map<string, Promise<ParsedFile>>();
  const jobs = new Map<string, RunningJob & { orgId: string }>();

  // An upload is its organisation's: another organisation's is answered as if it did not exist.
  function upload(uploadId: string, viewer?: Viewer): Upload {
    const u = getUpload(dataDir, uploadId);
    if (!u || (u.orgId && viewer && u.orgId !== viewer.orgId)) throw new UnknownUpload(`No upload '${uploadId}': upload the file again`);
    touchUpload(dataDir, uploadId);
    return u;
  }

  const uploadsInUse = () => new Set([...jobs.values()].filter((j) => !isFinished(j.phase)).map((j) => j.uploadId));

  // An import that ends (published, failed or cancelled) takes its upload with it, once no other
  // import of this process reads it: its raw rows are not kept beside the dataset.
  function release(uploadId: string, jobId: string) {
    if ([...jobs.values()].some((j) => j.id !== jobId && j.uploadId === uploadId && !isFinished(j.phase))) return;
    deleteUpload(dataDir, uploadId);
    for (const key of parsed.keys()) if (key.startsWith(`${uploadId}|`)) parsed.delete(key);
  }

  // Parsing a big file takes seconds: keep the last few parses for the wizard's next steps.
  function parse(u: Upload, options: { encoding?: string; layer?: string }): Promise<ParsedFile> {
    const key = `${u.id}|${options.encoding ?? ''}|${options.layer ?? ''}`;
    let p = parsed.get(key);
    if (!p) {
      p = readAndParse(u, options, limits);
      parsed.set(key, p);
      p.catch(() => parsed.delete(key));
      while (parsed.size > 4) parsed.delete(parsed.keys().next().value!);
    }
    return p;
  }

  const runner = createImportRunner({ db, datasets, dataDir, limits, parse, release });
  const { siteStream } = runner;

  // A run on a worker thread: its state comes back by messages; a cancel goes to it. The worker
  // records the run as it goes; should it die (out of memory, a bug), the run is recorded failed here.
  function runInWorker(job: RunningJob, u: Upload, request: ImportRequest, user: ImportUser): Promise<void> {
    return new Promise<void>((resolve) => {
      const worker = startWorker('import-worker', import.meta.url);
      let ended = false;
      const onAbort = () => worker.postMessage({ type: 'cancel' } satisfies ImportWorkerMessage);
      job.controller.signal.addEventListener('abort', onAbort, { once: true });
      const end = (after?: Promise<void> | void) => {
        ended = true;
        job.controller.signal.removeEventListener('abort', onAbort);
        void worker.terminate();
        void Promise.resolve(after).then(() => resolve());
      };
      const fail = async (err: unknown) => {
        if (ended) return;
        ended = true;
        const told = internalFailure(err, `The import of ${u.name} (job ${job.id}, while ${job.phase}, on its worker thread)`);
        job.error = { message: told.message, issues: [] };
        release(u.id, job.id);
        await runner
          .record({ id: job.id, user, upload: u, kind: request.kind }, { status: 'failed', message: told.message, report: job.report, finished: true })
          .catch((e) => console.error(`import ${job.id}: cannot record the run: ${e.message}`));
        clearRunning(dataDir, job.id);
        job.phase = 'failed';
        end();
      };
      worker.on('message', (m: ImportWorkerReply) => {
        if (ended) return;
        if (m.type === 'state') Object.assign(job, m.state);
        else {
          // recorded by the worker: a poll that sees the end sees the upload gone and the run recorded
          release(u.id, job.id);
          Object.assign(job, m.state);
          end(job.phase === 'published' && job.datasetId ? opts.afterPublish?.(job.datasetId) : undefined);
        }
      });
      worker.on('error', (err) => void fail(err));
      worker.on('exit', (code) => void fail(new Error(`the import worker exited with code ${code} before the import ended`)));
      worker.postMessage({
        type: 'start', origin: db.origin, dataDir, limits, h3Resolution: opts.h3Resolution,
        job: { id: job.id, uploadId: job.uploadId, fileName: job.fileName }, upload: u, request, user,
      } satisfies ImportWorkerMessage);
    });
  }

  return {
    async inspect(uploadId: string, options: { encoding?: string; layer?: string } = {}, viewer?: Viewer) {
      const u = upload(uploadId, viewer);
      return answering(`Reading ${u.name}`, async () => {
        const about = { id: u.id, name: u.name, size: u.size, sha256: u.sha256 ?? (await hashFile(u.path)) };
        // a big file that can be streamed: preview its first rows, count the rest
        const format = u.size > WHOLE_INSPECT_MAX_BYTES ? await streamableFormat(u.path, u.name, options.encoding) : null;
        if (format) return { upload: about, ...(await inspectStreamable(u.path, u.name, { encoding: options.encoding, limits })) };
        return { upload: about, ...inspectParsed(await parse(u, options)) };
      });
    },

    /** A dry run: what would be written, the issues and the join report; nothing is written. */
    async plan(uploadId: string, request: ImportRequest, viewer: Viewer) {
      const u = upload(uploadId, viewer);
      const streamed = await siteStream(u, request);
      if (streamed) {
        for await (const _ of streamed.stream.batches) void _;
        return streamedSitesReport(u.name, streamed.format, streamed.stream.summary());
      }
      const file = await parse(u, { encoding: request.encoding, layer: request.layer });
      return (await planImport(file, request, { joinCandidates: (id) => datasets.joinCandidates(viewer, id) })).report;
    },

    /** Starts publishing in the background; poll `status` for progress. */
    start(uploadId: string, request: ImportRequest, user: ImportUser): { jobId: string; done: Promise<void> } {
      const u = upload(uploadId, user);
      const id = crypto.randomBytes(12).toString('hex');
      const job: RunningJob & { orgId: string } = { id, orgId: user.orgId, uploadId, fileName: u.name, phase: 'parsing', progress: 0, report: null, datasetId: null, error: null, controller: new AbortController() };
      jobs.set(id, job);
      const done = thread === 'worker' ? runInWorker(job, u, request, user) : runner.run(job, u, request, user);
      return { jobId: id, done };
    },

    /** A job of the viewer's organisation; undefined for another organisation's. */
    status(jobId: string, viewer: Viewer): ImportJob | undefined {
      const job = jobs.get(jobId);
      if (!job || job.orgId !== viewer.orgId) return undefined;
      const { controller: _c, orgId: _o, ...rest } = job;
      return rest;
    },

    cancel(jobId: string, viewer: Viewer): boolean {
      const job = jobs.get(jobId);
      if (!job || job.orgId !== viewer.orgId || job.phase === 'published' || job.phase === 'failed' || job.phase === 'cancelled') return false;
      job.controller.abort();
      return true;
    },

    /** Past runs of the organisation, newest first. */
    async history(viewer: Viewer, limit = 50) {
      const orgId = viewer.orgId;
      const rows = await db.db
        .selectFrom('import_runs')
        .select(['id', 'file_name', 'kind', 'status', 'message', 'dataset_id', 'started_at', 'finished_at', 'started_by'])
        .where('org_id', '=', orgId)
        .orderBy('started_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, fileName: r.file_name, kind: r.kind, status: r.status, message: r.message, datasetId: r.dataset_id, startedAt: r.started_at, finishedAt: r.finished_at, startedBy: r.started_by }));
    },

    async report(runId: string) {
      const row = await db.db.selectFrom('import_runs').select(['report', 'status', 'message']).where('id', '=', runId).executeTakeFirst();
      return row ? { status: row.status, message: row.message, report: row.report ? (JSON.parse(row.report) as ImportReport) : null } : undefined;
    },

    /**
     * Cleans up after crashes and forgotten uploads; the server calls it at start and then every
     * few minutes. Runs whose process is gone are recorded as failed (INTERRUPTED_MESSAGE) and
     * their uploads deleted; so are uploads unused for `maxIdleMs`. On the embedded database,
     * which only processes on this DATA_DIR use, a run left 'running' without any mark (a crash
     * before this was recorded) is interrupted too.
     */
    async housekeep(options: { maxIdleMs?: number } = {}): Promise<{ interrupted: string[]; uploadsDeleted: string[] }> {
      const ownLive = new Set([...jobs.values()].filter((j) => !isFinished(j.phase)).map((j) => j.id));
      const marks = listRunning(dataDir);
      const orphans = marks.filter((m) => isOrphaned(m, ownLive));
      const interrupted = orphans.map((m) => m.runId);
      if (db.dialect === 'sqlite') {
        const live = new Set(marks.filter((m) => !orphans.includes(m)).map((m) => m.runId));
        const running = await db.db.selectFrom('import_runs').select('id').where('status', '=', 'running').execute();
        for (const r of running) if (!live.has(r.id) && !ownLive.has(r.id) && !interrupted.includes(r.id)) interrupted.push(r.id);
      }
      if (interrupted.length) {
        await db.db
          .updateTable('import_runs')
          .set({ status: 'failed', message: INTERRUPTED_MESSAGE, finished_at: new Date().toISOString() })
          .where('id', 'in', interrupted)
          .where('status', '=', 'running')
          .execute();
      }
      const uploadsDeleted: string[] = [];
      for (const m of orphans) {
        deleteUpload(dataDir, m.uploadId);
        uploadsDeleted.push(m.uploadId);
        clearRunning(dataDir, m.runId);
      }
      const keep = new Set([...uploadsInUse(), ...marks.filter((m) => !orphans.includes(m)).map((m) => m.uploadId)]);
      uploadsDeleted.push(...sweepUploads(dataDir, { maxIdleMs: options.maxIdleMs ?? UPLOAD_MAX_IDLE_MS, keep }));
      return { interrupted, uploadsDeleted };
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
