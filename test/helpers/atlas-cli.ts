import { spawn } from 'node:child_process';
import { ROOT } from './start-server';

/**
 * Runs the CLI as a user would (`node scripts/atlas.mjs …`) on a server's DATA_DIR and database,
 * with `stdin` given whole (a password, say); resolves with the exit code and what it printed.
 *
 * @example
 * const added = await runAtlas(server, ['users', 'add', 'a@test.local', '--org', 'Sample org', '--role', 'admin'], 'a password\n');
 * expect(added.code, added.stderr).toBe(0);
 */
export function runAtlas(
  target: { dataDir: string; databaseUrl?: string },
  args: string[],
  stdin = '',
  env: Record<string, string | undefined> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['scripts/atlas.mjs', ...args], { cwd: ROOT, env: { ...process.env, ...env, DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl ?? '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}
