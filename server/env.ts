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
  /** @default dist/client — the built client that the server serves. */
  CLIENT_DIR: z.string().default('dist/client'),
});

export type Env = z.infer<typeof envSchema> & { DATA_DIR: string };

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
