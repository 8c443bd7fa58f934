import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { runUntilExit, spawnServer, startServer, waitForOutput } from '../helpers/start-server';
import { createTempDatabase, dropTempDatabase } from '../helpers/pg';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-startup-'));

describe('start-up with bad configuration', () => {
  it('names a bad PORT and stops', async () => {
    const { code, output } = await runUntilExit({ PORT: 'eighty', DATA_DIR: tmp() });
    expect(code).toBe(1);
    expect(output).toContain('Invalid configuration');
    expect(output).toContain('PORT="eighty"');
  });

  it('names a DATABASE_URL that is not a PostgreSQL URL', async () => {
    const { code, output } = await runUntilExit({ DATABASE_URL: 'mysql://root@localhost/x', DATA_DIR: tmp(), PORT: '0' });
    expect(code).toBe(1);
    expect(output).toMatch(/DATABASE_URL=.*must start with postgres:\/\//);
  });

  it('says when the port is already in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const { code, output } = await runUntilExit({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: tmp() });
      expect(code).toBe(1);
      expect(output).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('says when DATA_DIR cannot be written', async () => {
    const file = path.join(tmp(), 'a-file');
    fs.writeFileSync(file, 'not a folder');
    const { code, output } = await runUntilExit({ PORT: '0', DATA_DIR: path.join(file, 'data'), DATABASE_URL: '' });
    expect(code).toBe(1);
    expect(output).toMatch(/DATA_DIR '.*a-file\/data' cannot be created or written \(ENOTDIR\)/);
  });

  it('says when DATABASE_URL cannot be reached', async () => {
    const { code, output } = await runUntilExit({ PORT: '0', DATA_DIR: tmp(), DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/nowhere' });
    expect(code).toBe(1);
    expect(output).toContain('Cannot reach DATABASE_URL postgres://postgres:***@127.0.0.1:1/nowhere');
    expect(output).not.toContain('secret');
  });
});

describe('default data load', () => {
  it('leaves nothing half-written when the process dies mid-load, and completes on the next start', async () => {
    const dataDir = tmp();
    const baseUrl = process.env.DATABASE_URL;
    const databaseUrl = baseUrl ? await createTempDatabase(baseUrl) : undefined;
    try {
      const { child, output } = spawnServer({ PORT: '0', DATA_DIR: dataDir, DATABASE_URL: databaseUrl });
      await waitForOutput(child, output, /writing \d+ airports/, 180_000);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));

      const count = async (table: string): Promise<number> => {
        if (databaseUrl) {
          const client = new pg.Client({ connectionString: databaseUrl });
          await client.connect();
          try {
            return Number((await client.query(`select count(*) as n from ${table}`)).rows[0].n);
          } finally {
            await client.end();
          }
        }
        const db = new Database(path.join(dataDir, 'risk-atlas.sqlite'), { readonly: true });
        try {
          return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
        } finally {
          db.close();
        }
      };
      // The migrations committed; none of the default rows did.
      expect(await count('areas')).toBe(0);
      expect(await count('datasets')).toBe(0);
      expect(await count('app_meta')).toBe(0);

      const server = await startServer({ dataDir, databaseUrl });
      try {
        expect(await count('areas')).toBe(241);
        const warm = server.output();
        expect(warm).toContain('default data loaded');
      } finally {
        await server.stop();
      }
    } finally {
      if (databaseUrl) await dropTempDatabase(databaseUrl);
    }
  });
});
