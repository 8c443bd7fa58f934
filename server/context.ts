import type { Db } from './store/db';
import { createLayersStore, type LayersStore } from './store/layers-store';
import { DEFAULT_ORG_ID } from './store/default-data';

/** Until accounts exist every request acts as the default organisation's administrator. */
export interface User {
  id: string;
  orgId: string;
  role: 'viewer' | 'analyst' | 'editor' | 'admin';
}

export interface Services {
  db: Db;
  layers: LayersStore;
}

/** Built once per process and shared by requests. */
export function createServices(db: Db): Services {
  return { db, layers: createLayersStore(db) };
}

/** The part of the context that tests can build without HTTP. */
export function createContextInner(services: Services, user?: User) {
  return { ...services, user: user ?? { id: 'local', orgId: DEFAULT_ORG_ID, role: 'admin' as const } };
}

export type Context = ReturnType<typeof createContextInner>;
