import path from 'node:path';
import { z } from 'zod';

/** Configuration from the environment. A bad value stops start-up with a message that names it. */
const envSchema = z.object({
  /** @default 8080 — 0 lets the OS pick a free port (tests use it). */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** @default 127.0.0.1 — set 0.0.0.0 to serve the network. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** @default ./.risk-atlas — the embedded database and caches live here. */
  DATA_DIR: z.string().min(1).default('./.risk-atlas'),
  /** postgres://… points the same code at a PostgreSQL server instead of the embedded SQLite. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** @default 536870912 (512 MB) — largest file an import accepts. */
  IMPORT_MAX_BYTES: z.coerce.number().int().positive().default(512 * 1024 * 1024),
  /** @default 2000000 — most rows or features in one import. */
  IMPORT_MAX_ROWS: z.coerce.number().int().positive().default(2_000_000),
  /** @default 524288000 (500 MB) — largest total a zip archive may expand to. */
  IMPORT_MAX_ZIP_BYTES: z.coerce.number().int().positive().default(500 * 1024 * 1024),
  /** @default 100 — largest expansion ratio of a zip archive (a zip bomb is refused). */
  IMPORT_MAX_ZIP_RATIO: z.coerce.number().positive().default(100),
  /** First start only: the e-mail of the administrator created when no user exists. @default admin@localhost */
  ATLAS_ADMIN_EMAIL: z.string().regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address').optional(),
  /** First start only: that administrator's password (at least 10 characters); without it a one-time password is printed. */
  ATLAS_ADMIN_PASSWORD: z.string().min(10, 'must have at least 10 characters').max(256).optional(),
  /** @default 12 — hours a session lasts. */
  SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  /** @default 20 — sign-in attempts one address may make per minute. */
  SIGN_IN_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /** @default 30 — uploads one user may make per minute. */
  UPLOADS_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** @default 5 — H3 resolution restricted sites are generalised to for users without clearance (0–9; 5 ≈ 250 km² cells). */
  H3_RESOLUTION: z.coerce.number().int().min(0).max(9).default(5),
  /**
   * Comma-separated host names the server answers to (the Host header; a DNS-rebinding page
   * names another). @default the bound address, localhost and 127.0.0.1; any host when HOST is 0.0.0.0 or ::.
   */
  ALLOWED_HOSTS: z.string().regex(/^[a-z0-9.\-:\[\],]+$/i, 'expected host names separated by commas, such as atlas.example.org,localhost').optional(),
  /**
   * Where imports parse and write: `worker` (the default), a worker thread per import with its
   * own database connection, so the server keeps answering; `main`, the server's own thread (the
   * old way, kept to compare). Case and spaces are ignored.
   */
  IMPORT_THREAD: z.string().trim().toLowerCase().pipe(z.enum(['worker', 'main'], "expected 'worker' or 'main'")).default('worker'),
  /** @default dist/client — the built client that the server serves. */
  CLIENT_DIR: z.string().default('dist/client'),
});

export type Env = z.infer<typeof envSchema> & { DATA_DIR: string };

/** The import limits the environment sets. */
export function importLimitsOf(env: Env) {
  return {
    maxBytes: env.IMPORT_MAX_BYTES,
    maxRows: env.IMPORT_MAX_ROWS,
    zip: { maxTotalBytes: env.IMPORT_MAX_ZIP_BYTES, maxRatio: env.IMPORT_MAX_ZIP_RATIO },
  };
}

/**
 * The host names the server answers to, lower case, without ports; null for any (a server bound to
 * every address whose names are not known: set ALLOWED_HOSTS there).
 */
export function allowedHostsOf(env: Pick<Env, 'ALLOWED_HOSTS' | 'HOST'>): string[] | null {
  if (env.ALLOWED_HOSTS) return env.ALLOWED_HOSTS.split(',').map((h) => h.trim().toLowerCase().replace(/:\d+$/, '')).filter(Boolean);
  if (env.HOST === '0.0.0.0' || env.HOST === '::') return null;
  return [...new Set([env.HOST.toLowerCase(), 'localhost', '127.0.0.1', '[::1]'])];
}

/** Parses the environment; throws an Error whose message names every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const picked = Object.fromEntries(
    Object.keys(envSchema.shape).map((key) => [key, source[key] === '' ? undefined : source[key]]),
  );
  const result = envSchema.safeParse(picked);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${issue.path.join('.')}=${JSON.stringify(picked[String(issue.path[0])])}: ${issue.message}`,
    );
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...result.data, DATA_DIR: path.resolve(result.data.DATA_DIR) };
}
