import path from 'node:path';
import type { Db } from './store/db';
import { createLayersStore, type LayersStore } from './store/layers-store';
import { DEFAULT_ORG_ID } from './store/default-data';
import { createDatasetsStore, type DatasetsStore } from './store/datasets-store';
import { createFactorsStore, type FactorsStore } from './store/factors-store';
import { createImportService, type ImportService } from './imports/import-service';
import { defaultImportLimits, type ImportLimits } from './imports/limits';
import { createTileService, type TileService } from './tiles/tile-service';
import { createLayerSources } from './tiles/layer-sources';

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
  /** Vector tiles of the layers; `tiles.clear(name?)` drops cached indexes and tiles. */
  tiles: TileService;
  dataDir: string;
  limits: ImportLimits;
}

/** Built once per process and shared by requests. */
export function createServices(db: Db, opts: { dataDir: string; limits?: ImportLimits }): Services {
  const layers = createLayersStore(db);
  const factors = createFactorsStore(db, { borderlandZone: async (km) => (await layers.borderlandZone(km)).geometry });
  // Stored factors follow the layers: any change to a dataset brings them up to date in the background.
  const datasets = afterChanges(createDatasetsStore(db, { cacheDir: path.join(opts.dataDir, 'cache') }), ['publish', 'publishSites', 'update', 'remove'], () => {
    void factors.scheduleRefresh();
  });
  const limits = opts.limits ?? defaultImportLimits;
  return {
    db,
    layers,
    datasets,
    factors,
    imports: createImportService({ db, datasets, dataDir: opts.dataDir, limits }),
    tiles: createTileService(createLayerSources({ db, layers, datasets })),
    dataDir: opts.dataDir,
    limits,
  };
}

/** The store with the named methods calling `then` after each call that succeeded. */
function afterChanges<T extends object, K extends keyof T>(target: T, methods: K[], then: () => void): T {
  const wrapped = { ...target };
  for (const name of methods) {
    const method = target[name] as unknown as (...args: unknown[]) => Promise<unknown>;
    (wrapped as Record<K, unknown>)[name] = async (...args: unknown[]) => {
      const result = await method.apply(target, args);
      then();
      return result;
    };
  }
  return wrapped;
}

/** The part of the context that tests can build without HTTP. */
export function createContextInner(services: Services, user?: User) {
  return { ...services, user: user ?? { id: 'local', orgId: DEFAULT_ORG_ID, role: 'admin' as const } };
}

export type Context = ReturnType<typeof createContextInner>;
