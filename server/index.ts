import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { allowedHostsOf, importLimitsOf, parseEnv } from './env';
import { ConfigError, migrate, openDatabase, type Db } from './store/db';
import { loadDefaultData } from './store/default-data';
import { createServices } from './context';
import { createRequestHandler } from './http';
import { ensureFirstAdmin } from './auth/first-admin';
import { sweepParkedImports } from './store/bulk-sites';

/** How often uploads left unused for an hour, and imports cut off by a dead process, are cleaned up. */
const HOUSEKEEPING_INTERVAL_MS = 5 * 60 * 1000;

/** Starts Risk Atlas: configuration, database, migrations, default data, then HTTP. */
export async function start(source: Record<string, string | undefined> = process.env) {
  const t0 = performance.now();
  const log = (message: string) => console.log(`[risk-atlas] ${message}`);
  const env = parseEnv(source);

  // Bind the port first, so that a port in use is reported at once, not after loading data.
  let handler: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) | null = null;
  let status = 'starting';
  const server = http.createServer((req, res) => {
    if (handler) return void handler(req, res);
    res.statusCode = 503;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Retry-After', '2');
    res.end(JSON.stringify({ status }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(new ConfigError(`Port ${env.PORT} on ${env.HOST} is already in use. Stop the other process or set PORT to a free port.`));
      } else if (err.code === 'EACCES') {
        reject(new ConfigError(`Not allowed to listen on ${env.HOST}:${env.PORT}. Use a PORT above 1023.`));
      } else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') {
        reject(new ConfigError(`HOST '${env.HOST}' is not an address of this machine (${err.code}).`));
      } else reject(err);
    });
    server.listen(env.PORT, env.HOST, () => resolve());
  });
  // A body that stops arriving is not held open: a minute without a byte closes the connection.
  server.timeout = 60_000;
  server.headersTimeout = 20_000;
  server.requestTimeout = 30 * 60_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;

  let db: Db | undefined;
  try {
    db = await openDatabase({ dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL });
    log(`database: ${db.dialect} (${db.location})`);
    status = 'migrating';
    const applied = await migrate(db);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
    status = 'loading default data';
    if (await loadDefaultData(db, (m) => log(`default data: ${m}`))) log('default data loaded');
  } catch (err) {
    server.close();
    await db?.close();
    throw err;
  }
  const services = createServices(db, { dataDir: env.DATA_DIR, limits: importLimitsOf(env), sessionHours: env.SESSION_HOURS, h3Resolution: env.H3_RESOLUTION, importThread: env.IMPORT_THREAD });
  try {
    await ensureFirstAdmin(services.accounts, env, log);
    await services.accounts.deleteExpiredSessions();
  } catch (err) {
    server.close();
    await db.close();
    throw err;
  }
  // imports cut off by a crash are recorded as failed and their uploads removed, before anyone asks
  const parked = await sweepParkedImports(db);
  if (parked.length) log(`deleted ${parked.length} dataset(s) an interrupted import left unfinished`);
  const swept = await services.imports.housekeep();
  if (swept.interrupted.length) log(`marked ${swept.interrupted.length} interrupted import(s) as failed`);
  if (swept.uploadsDeleted.length) log(`deleted ${swept.uploadsDeleted.length} upload(s) left unused or by interrupted imports`);
  const housekeeping = setInterval(() => {
    services.imports.housekeep().catch((err) => console.error(`[risk-atlas] housekeeping: ${err?.stack ?? err}`));
  }, HOUSEKEEPING_INTERVAL_MS);
  housekeeping.unref();
  const allowedHosts = allowedHostsOf(env);
  if (!allowedHosts) log(`HOST is ${env.HOST} and ALLOWED_HOSTS is not set: any Host header is answered (set ALLOWED_HOSTS to the names this server is reached by)`);
  handler = createRequestHandler(services, { clientDir: env.CLIENT_DIR, signInPerMinute: env.SIGN_IN_PER_MINUTE, uploadsPerMinute: env.UPLOADS_PER_MINUTE, allowedHosts });
  status = 'ready';
  log(`ready at http://${env.HOST}:${port} in ${Math.round(performance.now() - t0)} ms`);
  const opened = db;
  return {
    server, db: opened, port,
    close: () => {
      clearInterval(housekeeping);
      return closeAll(server, opened);
    },
  };
}

async function closeAll(server: http.Server, db: Db) {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await db.close();
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  start().then(
    ({ close }) => {
      const stop = () => close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (err) => {
      const message = err instanceof ConfigError || /^Invalid configuration/.test(err?.message) ? err.message : (err?.stack ?? String(err));
      console.error(`[risk-atlas] cannot start: ${message}`);
      process.exit(1);
    },
  );
}
