import type { TestProject } from 'vitest/node';
import { startServer, type RunningServer } from '../helpers/start-server';
import { signIn, TEST_ADMIN } from '../helpers/auth';

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
    database: 'sqlite' | 'postgres';
    /** The server's DATA_DIR and DATABASE_URL ('' for the embedded database), for tests that look at the rows. */
    dataDir: string;
    databaseUrl: string;
    /** The Cookie header of a session of the first administrator (admin of the default organisation). */
    adminCookie: string;
  }
}

let server: RunningServer | undefined;

/** One real server for the API tests: embedded SQLite, or PostgreSQL when DATABASE_URL is set. */
export async function setup(project: TestProject) {
  server = await startServer();
  project.provide('serverUrl', server.url);
  project.provide('database', process.env.DATABASE_URL ? 'postgres' : 'sqlite');
  project.provide('dataDir', server.dataDir);
  project.provide('databaseUrl', server.databaseUrl ?? '');
  project.provide('adminCookie', await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password));
}

export async function teardown() {
  await server?.stop();
}
