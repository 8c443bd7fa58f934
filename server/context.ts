import type { Db } from './store/db';
import { createLayersStore, type LayersStore } from './store/layers-store';
import { DEFAULT_ORG_ID } from './store/default-data';
import { createDatasetsStore, type DatasetsStore } from './store/datasets-store';
import { createFactorsStore, type FactorsStore } from './store/factors-store';
import { createImportService, type ImportService } from './imports/import-service';
import { defaultImportLimits, type ImportLimits } from './imports/limits';

/** Until accounts exist every request acts as the default organisation's administrator. */
export interface User {
  id: string;
  orgId: string;
  role: 'viewer' | 'analyst' | 'editor' | 'admin';
}

export interface Services {
  db: Db;
  layers: LayersStore;
  datasets: DatasetsStore;
  factors: FactorsStore;
  imports: ImportService;
  dataDir: string;
  limits: ImportLimits;
}

/** Built once per process and shared by requests. */
export function createServices(db: Db, opts: { dataDir: string; limits?: ImportLimits }): Services {
  const datasets = createDatasetsStore(db);
  const limits = opts.limits ?? defaultImportLimits;
  return {
    db,
    layers: createLayersStore(db),
    datasets,
    factors: createFactorsStore(db),
    imports: createImportService({ db, datasets, dataDir: opts.dataDir, limits }),
    dataDir: opts.dataDir,
    limits,
  };
}

/** The part of the context that tests can build without HTTP. */
export function createContextInner(services: Services, user?: User) {
  return { ...services, user: user ?? { id: 'local', orgId: DEFAULT_ORG_ID, role: 'admin' as const } };
}

export type Context = ReturnType<typeof createContextInner>;
