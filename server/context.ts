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
  const datasets = createDatasetsStore(db);
  const limits = opts.limits ?? defaultImportLimits;
  const layers = createLayersStore(db);
  return {
    db,
    layers,
    datasets,
    factors: createFactorsStore(db),
    imports: createImportService({ db, datasets, dataDir: opts.dataDir, limits }),
    tiles: createTileService(createLayerSources({ db, layers, datasets })),
    dataDir: opts.dataDir,
    limits,
  };
}

/** The part of the context that tests can build without HTTP. */
export function createContextInner(services: Services, user?: User) {
  return { ...services, user: user ?? { id: 'local', orgId: DEFAULT_ORG_ID, role: 'admin' as const } };
}

export type Context = ReturnType<typeof createContextInner>;
