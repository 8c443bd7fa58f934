// `npm run atlas -- <command>`: the import pipeline and official-source fetchers from scripts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importLimitsOf, parseEnv } from './env';
import { ConfigError, migrate, openDatabase } from './store/db';
import { loadDefaultData } from './store/default-data';
import { createServices } from './context';
import { importRequestSchema, type ImportRequestInput } from './imports/import-request';
import { registerFile, deleteUpload } from './imports/uploads';
import { download, DownloadError } from './imports/download';
import { getSource, OFFICIAL_SOURCES } from './imports/sources';
import { readCsv } from './importers/read-table';
import { refusalOf, type ImportReport } from './imports/plan-import';
import type { ImportIssue } from './importers/import-error';

const USAGE = `Usage:
  npm run atlas -- import FILE [options]     import a file through the same pipeline as the wizard
  npm run atlas -- fetch SOURCE [options]    download an official source and import it
  npm run atlas -- datasets [--json]         list the catalogue

Import options:
  --kind boundaries|sites|observations   (default: proposed from the file)
  --name TEXT  --source TEXT  --licence TEXT  --data-date YYYY[-MM[-DD]]
  --sensitivity public|internal|restricted   (default internal)
  --encoding NAME  --locale en|fr|de  --layer NAME (TopoJSON object, shapefile layer, sheet)
  boundaries:   --code-field F --name-field F --parent-field F --level N
  sites:        --category ID | --category-field F, --lat-field F --lng-field F
  observations: --join-to SET (default: countries) --join-on auto|code|name --area-field F
                --layout long|wide --indicator-field F | --indicator NAME
                --period-field F | --period P --value-field F --lower-field F --upper-field F --unit U
                --filter FIELD=VALUE (repeatable) --match KEY=CODE (repeatable; KEY= leaves it out)
  --dry-run     print the report, write nothing (exits 1 when the import would fail)
  --json        print the report as JSON

Sources for fetch: ${OFFICIAL_SOURCES.map((s) => s.id).join(', ')} (osm takes --region continent/country)`;

const options = {
  kind: { type: 'string' }, name: { type: 'string' }, source: { type: 'string' }, licence: { type: 'string' },
  'data-date': { type: 'string' }, sensitivity: { type: 'string' }, encoding: { type: 'string' }, locale: { type: 'string' },
  layer: { type: 'string' }, 'code-field': { type: 'string' }, 'name-field': { type: 'string' }, 'parent-field': { type: 'string' },
  level: { type: 'string' }, category: { type: 'string' }, 'category-field': { type: 'string' }, 'lat-field': { type: 'string' },
  'lng-field': { type: 'string' }, 'join-to': { type: 'string' }, 'join-on': { type: 'string' }, 'area-field': { type: 'string' },
  layout: { type: 'string' }, 'indicator-field': { type: 'string' }, indicator: { type: 'string' }, 'period-field': { type: 'string' },
  period: { type: 'string' }, 'value-field': { type: 'string' }, 'lower-field': { type: 'string' }, 'upper-field': { type: 'string' },
  unit: { type: 'string' }, filter: { type: 'string', multiple: true }, match: { type: 'string', multiple: true },
  region: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

function pairs(list: string[] | undefined, flag: string): [string, string][] {
  return (list ?? []).map((p) => {
    const i = p.indexOf('=');
    if (i < 1) throw new UsageError(`--${flag} expects KEY=VALUE, got '${p}'`);
    return [p.slice(0, i), p.slice(i + 1)];
  });
}

class UsageError extends Error {}

function requestFrom(v: Values, base: Partial<ImportRequestInput>): ImportRequestInput {
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as Partial<T>;
  return {
    ...base,
    ...defined({
      kind: v.kind as ImportRequestInput['kind'], name: v.name, source: v.source, licence: v.licence, dataDate: v['data-date'],
      sensitivity: v.sensitivity as ImportRequestInput['sensitivity'], encoding: v.encoding, locale: v.locale as ImportRequestInput['locale'],
      layer: v.layer, codeField: v['code-field'], nameField: v['name-field'], parentField: v['parent-field'],
      level: v.level !== undefined ? Number(v.level) : undefined, category: v.category, categoryField: v['category-field'],
      latField: v['lat-field'], lngField: v['lng-field'], joinTo: v['join-to'], joinOn: v['join-on'] as ImportRequestInput['joinOn'],
      areaField: v['area-field'], layout: v.layout as ImportRequestInput['layout'], indicatorField: v['indicator-field'],
      indicator: v.indicator, periodField: v['period-field'], period: v.period, valueField: v['value-field'],
      lowerField: v['lower-field'], upperField: v['upper-field'], unit: v.unit,
    }),
    filters: [...(base.filters ?? []), ...pairs(v.filter, 'filter').map(([field, equals]) => ({ field, equals }))],
    matches: { ...(base.matches ?? {}), ...Object.fromEntries(pairs(v.match, 'match').map(([k, c]) => [k, c || null])) },
  } as ImportRequestInput;
}

function printIssue(i: ImportIssue) {
  console.log(`  ${i.severity === 'error' ? 'error  ' : 'warning'} ${i.message}`);
}

function printReport(report: ImportReport) {
  console.log(`${report.fileName} (${report.format}): ${report.rowsRead} rows or features read`);
  const w = report.toWrite;
  console.log(`to write: ${w.areas} areas, ${w.sites} sites, ${w.observations} observations`);
  if (report.join) {
    const j = report.join;
    console.log(`join to '${j.boundarySetId}': ${j.matched.length} of ${j.keys} keys matched, ${j.unmatched.length} unmatched`);
    for (const u of j.unmatched) {
      const s = u.suggestions.map((x) => `${x.name} (${x.code}, ${x.score.toFixed(2)})`).join('; ');
      console.log(`  unmatched '${u.key}' (row ${u.row})${s ? ` — closest: ${s}` : ''}`);
    }
  }
  if (report.issues.length) console.log(`issues (${report.errorCount} errors):`);
  report.issues.forEach(printIssue);
}

async function main(argv: string[]) {
  const { values: v, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const [command, target] = positionals;
  if (v.help || !command) {
    console.log(USAGE);
    return command || v.help ? 0 : 2;
  }
  const env = parseEnv();
  const db = await openDatabase({ dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL });
  try {
    await migrate(db);
    await loadDefaultData(db, (m) => console.error(`default data: ${m}`));
    const services = createServices(db, { dataDir: env.DATA_DIR, limits: importLimitsOf(env) });

    if (command === 'datasets') {
      const list = await services.datasets.list('default');
      if (v.json) console.log(JSON.stringify(list, null, 2));
      else for (const d of list) console.log(`${d.id}\t${d.kind}\t${d.featureCount}\t${d.sensitivity}\t${d.name} — ${d.source} (${d.licence})`);
      return 0;
    }

    let filePath: string;
    let base: Partial<ImportRequestInput> = {};
    let tmpDir: string | null = null;
    if (command === 'import') {
      if (!target) throw new UsageError('import needs a FILE');
      filePath = path.resolve(target);
      if (!fs.existsSync(filePath)) throw new UsageError(`No file '${target}'`);
    } else if (command === 'fetch') {
      if (!target) throw new UsageError(`fetch needs a SOURCE: ${OFFICIAL_SOURCES.map((s) => s.id).join(', ')}`);
      const source = getSource(target);
      tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-fetch-'));
      filePath = path.join(tmpDir, source.fileName);
      const url = source.url({ region: v.region });
      console.error(`downloading ${url} …`);
      const { bytes } = await download(url, filePath);
      console.error(`downloaded ${(bytes / 1024 / 1024).toFixed(1)} MB`);
      const table = /\.csv$/.test(source.fileName) ? readCsv(new Uint8Array(fs.readFileSync(filePath)), { fileName: source.fileName }) : null;
      base = source.request(table);
    } else throw new UsageError(`Unknown command '${command}'\n\n${USAGE}`);

    // registered where it lies, and hashed as the import reads it
    const upload = registerFile(env.DATA_DIR, filePath, env.IMPORT_MAX_BYTES);
    try {
      if (!v.kind && !base.kind) {
        const inspection = await services.imports.inspect(upload.id, { encoding: v.encoding, layer: v.layer });
        base.kind = inspection.proposed.kind;
      }
      const parsed = importRequestSchema.safeParse(requestFrom(v, { name: path.basename(filePath), ...base }));
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${String(i.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`).join('\n'));
      const request = parsed.data;
      if (request.kind === 'observations' && !request.joinTo) request.joinTo = 'world-atlas-50m-admin0';

      if (v['dry-run']) {
        const report = await services.imports.plan(upload.id, request);
        // what the import would answer: a plan that would publish nothing exits non-zero too
        const refusal = refusalOf(report, request);
        if (v.json) console.log(JSON.stringify({ report, published: false, error: refusal && { message: refusal.message, issues: [refusal] } }, null, 2));
        else printReport(report);
        if (refusal && !v.json) console.error(`the import would fail: ${refusal.message}`);
        return refusal ? 1 : 0;
      }
      const { jobId, done } = services.imports.start(upload.id, request, { id: `cli:${os.userInfo().username}`, orgId: 'default' });
      const timer = setInterval(() => {
        const s = services.imports.status(jobId);
        if (s && !v.json) process.stderr.write(`\r${s.phase} ${(s.progress * 100).toFixed(0)}%   `);
      }, 500);
      await done;
      clearInterval(timer);
      const job = services.imports.status(jobId)!;
      // the job plans before it writes (or, streaming, as it writes): its report is the plan's
      if (v.json) console.log(JSON.stringify({ report: job.report, published: job.phase === 'published', datasetId: job.datasetId, error: job.error }, null, 2));
      else {
        process.stderr.write('\r');
        if (job.report) printReport(job.report);
        if (job.phase === 'published') console.log(`published dataset '${job.datasetId}'`);
        else {
          console.error(`import ${job.phase}: ${job.error?.message}`);
          job.error?.issues.forEach(printIssue);
        }
      }
      return job.phase === 'published' ? 0 : 1;
    } finally {
      deleteUpload(env.DATA_DIR, upload.id);
      if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
    }
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof UsageError || err instanceof DownloadError || err instanceof ConfigError || err?.name === 'ImportError' || /^Invalid configuration|^Unknown source|^Give the extract/.test(err?.message)) {
      console.error(`atlas: ${err.message}`);
      for (const i of (err.issues ?? []) as ImportIssue[]) if (i.message !== err.message) printIssue(i);
      process.exit(err instanceof UsageError ? 2 : 1);
    }
    console.error(err?.stack ?? err);
    process.exit(1);
  },
);
