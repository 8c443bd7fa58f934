import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiClient, serverUrl, uploadFile, type ImportJob } from './client';
import { writePointsFile } from '../helpers/points-file';

// The test server runs imports as it is configured by default (IMPORT_THREAD=worker).
const api = apiClient();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-thread-'));
const published: string[] = [];

afterAll(async () => {
  for (const id of published) await api.datasets.remove.mutate({ id }).catch(() => {});
  fs.rmSync(dir, { recursive: true, force: true });
});

const finished = (job: ImportJob) => job.phase === 'published' || job.phase === 'failed' || job.phase === 'cancelled';
// the phases in which the server's own thread would parse and plan the whole file without a pause
const readingOrPlanning = (job: ImportJob) => job.phase === 'parsing' || job.phase === 'validating';

describe('imports on a worker thread', () => {
  it('answers /health while a 150,000-point FeatureCollection is still being read, with the run recorded as running', async () => {
    const file = path.join(dir, 'stops.geojson');
    writePointsFile(file, 'geojson', 150_000, { seed: 3 });
    const uploadId = await uploadFile('stops.geojson', fs.readFileSync(file));
    const { jobId } = await api.imports.start.mutate({ uploadId, request: { kind: 'sites', name: 'Sample stops (thread)', category: 'transit.bus-station' } });
    let last = await api.imports.status.query({ jobId });
    // /health answers that came between two status answers both still reading or planning,
    // one request at a time
    let answeredWhileReading = 0;
    let historyWhileReading: string | undefined;
    while (!finished(last)) {
      const health = await fetch(`${serverUrl()}/health`);
      expect(health.status).toBe(200);
      await health.arrayBuffer();
      const next = await api.imports.status.query({ jobId });
      if (readingOrPlanning(last) && readingOrPlanning(next)) {
        answeredWhileReading++;
        historyWhileReading ??= (await api.imports.history.query()).find((r) => r.id === jobId)?.status;
      }
      last = next;
    }
    if (last.datasetId) published.push(last.datasetId);
    expect(last.error).toBeNull();
    expect(last.phase).toBe('published');
    // On the server's own thread (IMPORT_THREAD=main) the file is parsed and planned without a
    // pause: only the answers before that begins (while it hashes and reads the file) count, 18
    // in a run on a loaded 2-core machine, against 650 from the worker.
    expect(answeredWhileReading).toBeGreaterThanOrEqual(100);
    expect(historyWhileReading).toBe('running');
    const row = (await api.imports.history.query()).find((r) => r.id === jobId);
    expect(row).toMatchObject({ status: 'published', datasetId: last.datasetId });
    const listed = (await api.datasets.list.query()).find((d) => d.id === last.datasetId);
    expect(Number(listed?.featureCount)).toBe(150_000);
  });

  it('cancels a run on its worker: nothing written, the run recorded as cancelled', async () => {
    const file = path.join(dir, 'stops-cancel.geojson');
    writePointsFile(file, 'geojson', 150_000, { seed: 4 });
    const uploadId = await uploadFile('stops-cancel.geojson', fs.readFileSync(file));
    const before = (await api.datasets.list.query()).length;
    const { jobId } = await api.imports.start.mutate({ uploadId, request: { kind: 'sites', name: 'Sample stops (cancelled)', category: 'transit.bus-station' } });
    expect(await api.imports.cancel.mutate({ jobId })).toEqual({ cancelled: true });
    let job = await api.imports.status.query({ jobId });
    while (!finished(job)) {
      await new Promise((r) => setTimeout(r, 20));
      job = await api.imports.status.query({ jobId });
    }
    expect(job.phase).toBe('cancelled');
    expect(job.error?.message).toBe('The import was cancelled; nothing was written.');
    expect((await api.datasets.list.query()).length).toBe(before);
    expect((await api.imports.history.query()).find((r) => r.id === jobId)?.status).toBe('cancelled');
  });
});
