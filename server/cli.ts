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
import { ensureFirstAdmin } from './auth/first-admin';
import { backupDatabase, restoreDatabase } from './store/backup';
import { ROLES, roleAtLeast, roleIn, type Role } from './store/access';
import { AccountError, type SessionUser } from './store/accounts-store';
import { DEFAULT_ORG_ID } from './store/default-data';
import { RiskInputError } from './store/risk-inputs';
import { ModelFileError, parseModel } from './domain/risk/model-file';
import { toCsv } from './domain/csv';
import { rankingWorkbook } from './risk-workbook';

const USAGE = `Usage:
  npm run atlas -- import FILE [options]     import a file through the same pipeline as the wizard
  npm run atlas -- fetch SOURCE [options]    download an official source and import it
  npm run atlas -- datasets [--json]         list the catalogue
  npm run atlas -- score --model FILE.json|MODEL_ID --boundary-set SET [--period PERIOD] [--format csv|json|xlsx]
                        [--out FILE (xlsx: required)] [--reference-year YYYY] [--max-age YEARS (default 10)]
                        [--min-population N (default 10000)]
                                             score a risk model: per area code, name, score, rank, class, reliability
                                             (xlsx: the screen's export, with coverage gap, small-denominator flag, provenance)
  npm run atlas -- users add EMAIL --org ORG --role viewer|analyst|editor|admin [--name TEXT]
                                             add a user (password from standard input) or a membership
  npm run atlas -- users list [--org ORG]    members of an organisation
  npm run atlas -- orgs add NAME             add an organisation (you become its admin)
  npm run atlas -- orgs list
  npm run atlas -- backup FILE               an online, consistent backup of the database
  npm run atlas -- restore FILE              replace the database with a backup (stop the server first)

Every command acts as --as EMAIL (default: the first admin) and --org ORG (id or name; default
their first organisation), with that user's rights: importing needs editor, users and orgs admin.

Import options:
  --kind boundaries|sites|observations|interventions   (default: proposed from the file)
  --name TEXT  --source TEXT  --licence TEXT  --data-date YYYY[-MM[-DD]]
  --sensitivity public|internal|restricted   (default internal)
  --encoding NAME  --locale en|fr|de  --layer NAME (TopoJSON object, shapefile layer, sheet)
  boundaries:   --code-field F --name-field F --parent-field F --level N
  sites:        --category ID | --category-field F, --lat-field F --lng-field F
  observations: --join-to SET (default: countries) --join-on auto|code|name --area-field F
                --layout long|wide --indicator-field F | --indicator NAME
                --period-field F | --period P --value-field F --lower-field F --upper-field F --unit U
                --filter FIELD=VALUE (repeatable) --match KEY=CODE (repeatable; KEY= leaves it out)
  interventions: a 3W sheet (organisation, activity code, admin code or name, status, dates; columns
                proposed from the header, and the kind too when it reads as one), joined like observations:
                --join-to SET --join-on --area-field --match; --org-field F --activity-field F
                --status-field F --start-field F --end-field F --title-field F --budget-field F
                --currency-field F --reach-field F (people to reach) --reached-field F (reached so far,
                dated --data-date, else the row's end when past, else today) name other columns
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
  region: { type: 'string' }, model: { type: 'string' }, 'boundary-set': { type: 'string' }, format: { type: 'string' },
  'reference-year': { type: 'string' }, 'max-age': { type: 'string' }, out: { type: 'string' }, 'min-population': { type: 'string' }, as: { type: 'string' }, org: { type: 'string' }, role: { type: 'string' },
  'org-field': { type: 'string' }, 'activity-field': { type: 'string' }, 'status-field': { type: 'string' },
  'start-field': { type: 'string' }, 'end-field': { type: 'string' }, 'title-field': { type: 'string' },
  'budget-field': { type: 'string' }, 'currency-field': { type: 'string' }, 'reach-field': { type: 'string' }, 'reached-field': { type: 'string' },
  'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean' },
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
      orgField: v['org-field'], activityField: v['activity-field'], statusField: v['status-field'],
      startField: v['start-field'], endField: v['end-field'], titleField: v['title-field'],
      budgetField: v['budget-field'], currencyField: v['currency-field'], reachField: v['reach-field'], reachedField: v['reached-field'],
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
  console.log(`to write: ${w.areas} areas, ${w.sites} sites, ${w.observations} observations${w.interventions !== undefined ? `, ${w.interventions} interventions` : ''}`);
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
  let closed = false;
  try {
    await migrate(db);
    await loadDefaultData(db, (m) => console.error(`default data: ${m}`));
    const services = createServices(db, { dataDir: env.DATA_DIR, limits: importLimitsOf(env), h3Resolution: env.H3_RESOLUTION, importThread: env.IMPORT_THREAD });
    await ensureFirstAdmin(services.accounts, env, (m) => console.error(m));

    // who the command acts as, with the same rules as the web app
    const asEmail = v.as ?? (await services.accounts.firstAdminEmail());
    if (!asEmail) throw new UsageError('No administrator exists; give --as EMAIL of a user.');
    const org = v.org ? await services.accounts.findOrganisation(v.org) : null;
    if (v.org && !org) throw new UsageError(`No organisation '${v.org}' (give its id or name; \`orgs list\` shows them).`);
    const actor = await services.accounts.viewerByEmail(asEmail, org?.id);
    if (!actor) throw new UsageError(`No user '${asEmail}' with a membership (--as).`);
    const requireRole = (min: Role, orgId = actor.orgId) => {
      const role = roleIn(actor, orgId);
      if (!role || !roleAtLeast(role, min)) throw new UsageError(`${actor.email} is ${role ?? 'not a member'} in '${orgId}'; this needs ${min}.`);
    };
    if (org && actor.orgId !== org.id) throw new UsageError(`${actor.email} is not a member of '${org.name}'.`);

    if (command === 'backup' || command === 'restore') {
      if (!target) throw new UsageError(`${command} needs a FILE`);
      // the installation's operators: administrators of the default organisation
      requireRole('admin', DEFAULT_ORG_ID);
      if (command === 'backup') {
        const report = await backupDatabase(db, target, env.DATABASE_URL);
        await services.audit.record({ viewer: actor, ip: `cli:${os.userInfo().username}` }, { action: 'database.backup', target: report.file, detail: { bytes: report.bytes } });
        console.log(`backed up ${db.dialect === 'sqlite' ? 'the embedded database' : 'PostgreSQL'} to ${report.file} (${(report.bytes / 1024 / 1024).toFixed(1)} MB, ${report.ms} ms)`);
        return 0;
      }
      await db.close();
      closed = true;
      const report = await restoreDatabase({ dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL }, target);
      console.log(`restored ${report.file} (${(report.bytes / 1024 / 1024).toFixed(1)} MB, ${report.ms} ms); the next start applies any newer migrations`);
      return 0;
    }

    if (command === 'users' || command === 'orgs') return await accountsCommand(command, target, positionals[2], v, services, actor, requireRole);

    if (command === 'datasets') {
      const list = await services.datasets.list(actor);
      if (v.json) console.log(JSON.stringify(list, null, 2));
      else for (const d of list) console.log(`${d.id}\t${d.kind}\t${d.featureCount}\t${d.sensitivity}\t${d.name} — ${d.source} (${d.licence})`);
      return 0;
    }

    if (command === 'score') return await scoreCommand(v, services, actor);

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
      if ((request.kind === 'observations' || request.kind === 'interventions') && !request.joinTo) request.joinTo = 'world-atlas-50m-admin0';

      requireRole('editor');
      if (v['dry-run']) {
        const report = await services.imports.plan(upload.id, request, actor);
        // what the import would answer: a plan that would publish nothing exits non-zero too
        const refusal = refusalOf(report, request);
        if (v.json) console.log(JSON.stringify({ report, published: false, error: refusal && { message: refusal.message, issues: [refusal] } }, null, 2));
        else printReport(report);
        if (refusal && !v.json) console.error(`the import would fail: ${refusal.message}`);
        return refusal ? 1 : 0;
      }
      const { jobId, done } = services.imports.start(upload.id, request, actor);
      await services.audit.record({ viewer: actor, ip: `cli:${os.userInfo().username}` }, { action: 'import.start', target: jobId, detail: { file: path.basename(filePath), kind: request.kind, sensitivity: request.sensitivity } });
      const timer = setInterval(() => {
        const s = services.imports.status(jobId, actor);
        if (s && !v.json) process.stderr.write(`\r${s.phase} ${(s.progress * 100).toFixed(0)}%   `);
      }, 500);
      await done;
      clearInterval(timer);
      const job = services.imports.status(jobId, actor)!;
      // the job plans before it writes (or, streaming, as it writes): its report is the plan's
      if (v.json) console.log(JSON.stringify({ report: job.report, published: job.phase === 'published', datasetId: job.datasetId, error: job.error }, null, 2));
      else {
        process.stderr.write('\r');
        if (job.report) printReport(job.report);
        if (job.phase === 'published') console.log(job.datasetId ? `published dataset '${job.datasetId}'` : `imported ${job.report?.toWrite.interventions ?? 0} interventions`);
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
    if (!closed) await db.close();
  }
}

/** `score`: the API's risk.score with the same access rules, printed as CSV or JSON. */
async function scoreCommand(v: Values, services: ReturnType<typeof createServices>, actor: SessionUser): Promise<number> {
  if (!v.model) throw new UsageError('score needs --model FILE.json or a model id (`risk.models.list` in the API)');
  if (!v['boundary-set']) throw new UsageError('score needs --boundary-set SET (e.g. world-atlas-50m-admin0)');
  const format = v.format ?? 'csv';
  if (format !== 'csv' && format !== 'json' && format !== 'xlsx') throw new UsageError(`--format must be csv, json or xlsx, got '${format}'`);
  if (format === 'xlsx' && !v.out) throw new UsageError('--format xlsx needs --out FILE.xlsx (a workbook is not printed)');
  let model;
  let stored: Awaited<ReturnType<typeof services.risk.get>>;
  if (fs.existsSync(v.model) && fs.statSync(v.model).isFile()) model = parseModel(fs.readFileSync(v.model, 'utf8'));
  else {
    stored = await services.risk.get(actor, v.model);
    if (!stored) throw new UsageError(`No model file or risk model '${v.model}'`);
    model = stored.definition;
  }
  let minPopulation: number | undefined;
  if (v['min-population'] !== undefined) {
    minPopulation = Number(v['min-population']);
    if (!Number.isFinite(minPopulation) || minPopulation < 0) throw new UsageError(`--min-population expects a number of people, got '${v['min-population']}'`);
  }
  let scored;
  try {
    const year = (flag: 'reference-year' | 'max-age') => {
      if (v[flag] === undefined) return undefined;
      const n = Number(v[flag]);
      if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${flag} expects a number of years, got '${v[flag]}'`);
      return n;
    };
    scored = await services.risk.score(actor, model, { boundarySetId: v['boundary-set'], period: v.period, referenceYear: year('reference-year'), maxAgeYears: year('max-age'), minPopulation, coverage: format === 'xlsx' });
  } catch (err) {
    if (err instanceof RiskInputError) throw new UsageError(err.message);
    throw err;
  }
  for (const s of scored.sources) {
    if (s.sensitivity === 'restricted') await services.audit.record({ viewer: actor, ip: `cli:${os.userInfo().username}` }, { action: 'read.restricted', target: s.datasetId, detail: { via: 'cli score', indicator: s.indicatorName } });
  }
  for (const l of scored.leftOut) console.error(`left out: leaf '${l.leafId}' (no '${l.indicator}' on ${scored.boundarySet.id} for ${actor.email})`);
  if (format === 'xlsx') {
    fs.writeFileSync(v.out!, await rankingWorkbook(scored, { modelId: stored?.id ?? null, modelVersion: stored?.version ?? null, period: v.period, exportedBy: actor.email }));
    await services.audit.record({ viewer: actor, ip: `cli:${os.userInfo().username}` }, { action: 'risk.export', target: scored.boundarySet.id, detail: { format: 'xlsx', via: 'cli score', modelId: stored?.id ?? null, rows: scored.areas.length, sensitivity: scored.sensitivity } });
    console.error(`wrote ${scored.areas.length} areas to ${v.out}`);
    return 0;
  }
  const rows = scored.areas.map((a) => ({ code: a.code, name: a.name, score: a.score, rank: a.rank, class: a.class, reliability: a.reliability }));
  if (format === 'json') console.log(JSON.stringify(rows, null, 2));
  else process.stdout.write(toCsv(['code', 'name', 'score', 'rank', 'class', 'reliability'], rows.map((r) => [r.code, r.name, r.score, r.rank, r.class, r.reliability])));
  return 0;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password (then Enter, Ctrl-D): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function accountsCommand(
  command: 'users' | 'orgs', sub: string | undefined, arg: string | undefined, v: Values, services: ReturnType<typeof createServices>,
  actor: SessionUser, requireRole: (min: Role, orgId?: string) => void,
): Promise<number> {
  const audit = (action: string, target: string, detail?: Record<string, unknown>) =>
    services.audit.record({ viewer: actor, ip: `cli:${os.userInfo().username}` }, { action, target, detail });
  if (command === 'orgs' && sub === 'list') {
    for (const o of await services.accounts.organisations(actor)) console.log(`${o.id}\t${o.name}\tk=${o.suppressionK}`);
    return 0;
  }
  if (command === 'orgs' && sub === 'add') {
    if (!arg) throw new UsageError('orgs add needs a NAME');
    // organisations are added by an administrator of the installation's default organisation (the store checks)
    const created = await services.accounts.addOrganisation(actor, arg);
    await audit('org.add', created.id, { name: created.name });
    console.log(`added organisation '${created.name}' (${created.id}); ${actor.email} is its admin`);
    return 0;
  }
  if (command === 'users' && sub === 'list') {
    requireRole('admin');
    for (const m of await services.accounts.members(actor)) console.log(`${m.email}\t${m.role}\t${m.name}${m.mustChangePassword ? '\t(must change password)' : ''}${m.locked ? '\t(locked)' : ''}`);
    return 0;
  }
  if (command === 'users' && sub === 'add') {
    if (!arg) throw new UsageError('users add needs an EMAIL');
    if (!v.org) throw new UsageError('users add needs --org ORG (id or name)');
    const role = v.role as Role;
    if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    requireRole('admin');
    const existing = await services.accounts.viewerByEmail(arg);
    if (existing) {
      const invited = await services.accounts.invite(actor, { email: arg, role });
      await audit('user.invite', invited.id, { email: invited.email, role });
      console.log(`${invited.email} is now ${role} in '${actor.orgId}'`);
      return 0;
    }
    const password = await readStdin();
    const created = await services.accounts.createUser({ email: arg, name: v.name, password, orgId: actor.orgId, role });
    await audit('user.add', created.id, { email: created.email, role });
    console.log(`added ${created.email} as ${role} of '${actor.orgId}'`);
    return 0;
  }
  throw new UsageError(`Unknown command '${command} ${sub ?? ''}'\n\n${USAGE}`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof UsageError || err instanceof AccountError || err instanceof DownloadError || err instanceof ConfigError || err instanceof ModelFileError || err?.name === 'ImportError' || /^Invalid configuration|^Unknown source|^Give the extract/.test(err?.message)) {
      console.error(`atlas: ${err.message}`);
      for (const i of (err.issues ?? []) as ImportIssue[]) if (i.message !== err.message) printIssue(i);
      process.exit(err instanceof UsageError ? 2 : 1);
    }
    console.error(err?.stack ?? err);
    process.exit(1);
  },
);
