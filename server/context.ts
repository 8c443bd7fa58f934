import path from 'node:path';
import type { Db } from './store/db';
import { createLayersStore, type LayersStore } from './store/layers-store';
import { createDatasetsStore, type DatasetsStore } from './store/datasets-store';
import { createFactorsStore, type FactorsStore } from './store/factors-store';
import { createRiskStore, type RiskStore } from './store/risk-store';
import { createImportService, type ImportService, type ImportThread } from './imports/import-service';
import { defaultImportLimits, type ImportLimits } from './imports/limits';
import { createTileService, type TileService } from './tiles/tile-service';
import { createLayerSources } from './tiles/layer-sources';
import { PUBLIC_READER } from './store/access';

import { createAccountsStore, type AccountsStore, type SessionUser } from './store/accounts-store';
import { createAuditStore, type AuditStore } from './store/audit-store';
import { createInterventionsStore, type InterventionsStore } from './store/interventions-store';
import { createAreaProfileStore, type AreaProfileStore } from './store/area-profile-store';
import { createAreaHierarchyStore, type AreaHierarchyStore } from './store/area-hierarchy-store';
import { createPlansStore, type PlansStore } from './store/plans-store';
import { createSavedViewsStore, type SavedViewsStore } from './store/saved-views-store';

export type { SessionUser };

export interface Services {
  db: Db;
  layers: LayersStore;
  datasets: DatasetsStore;
  factors: FactorsStore;
  /** Risk models, scoring and saved scoring runs. */
  risk: RiskStore;
  /** Users, organisations, memberships and sessions. */
  accounts: AccountsStore;
  /** Who did what, when, from where. */
  audit: AuditStore;
  /** Who does what, where: interventions, their coverage and suggestions. */
  interventions: InterventionsStore;
  /** One area's profile of any boundary set, and the name search. */
  profiles: AreaProfileStore;
  /** Which areas of other boundary sets nest inside an area, and which hold it (the drill-down). */
  hierarchy: AreaHierarchyStore;
  /** Local safety-net plans of municipalities and their inventories. */
  plans: PlansStore;
  /** The organisations' named views of the map. */
  views: SavedViewsStore;
  imports: ImportService;
  /** Vector tiles of the layers; `tiles.clear(name?)` drops cached indexes and tiles. */
  tiles: TileService;
  dataDir: string;
  limits: ImportLimits;
}

/** Built once per process and shared by requests. */
export function createServices(
  db: Db,
  opts: { dataDir: string; limits?: ImportLimits; sessionHours?: number; h3Resolution?: number; /** @default 'worker' */ importThread?: ImportThread },
): Services {
  const layers = createLayersStore(db);
  // the borderland zone is traced from the public borders: one for every organisation
  const borderlandZone = async (km: number) => (await layers.borderlandZone(PUBLIC_READER, km)).geometry;
  const factors = createFactorsStore(db, { borderlandZone });
  // Stored factors follow the layers: any change to a dataset brings them up to date in the background.
  const datasets = afterChanges(createDatasetsStore(db, { cacheDir: path.join(opts.dataDir, 'cache'), h3Resolution: opts.h3Resolution }), ['publish', 'publishSites', 'update', 'remove'], () => {
    void factors.scheduleRefresh();
  });
  const limits = opts.limits ?? defaultImportLimits;
  const interventions = createInterventionsStore(db, { borderlandZone });
  const risk = createRiskStore(db, { factors, coverageOf: (viewer, boundarySetId) => interventions.coverageLeaf(viewer, boundarySetId) });
  return {
    db,
    layers,
    datasets,
    factors,
    risk,
    accounts: createAccountsStore(db, { sessionHours: opts.sessionHours }),
    audit: createAuditStore(db),
    interventions,
    profiles: createAreaProfileStore(db, { factors, risk, interventions, borderlandZone }),
    hierarchy: createAreaHierarchyStore(db),
    views: createSavedViewsStore(db),
    plans: createPlansStore(db, { interventions, factors, risk, borderlandZone, h3Resolution: opts.h3Resolution }),
    // a run on a worker thread publishes through a store of its own: the factors follow it here
    imports: createImportService({ db, datasets, dataDir: opts.dataDir, limits, thread: opts.importThread, h3Resolution: opts.h3Resolution, afterPublish: () => factors.scheduleRefresh().catch((err) => console.error(`Recomputing factors after an import failed: ${err?.stack ?? err}`)) }),
    tiles: createTileService(createLayerSources({ layers, datasets })),
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

/** Where a request came from, for the audit log; the session token so that sign-out can end it. */
export interface RequestInfo {
  ip: string | null;
  token: string | null;
}

/**
 * The part of the context that tests can build without HTTP: the services and who asks (null when
 * nobody is signed in; the access middleware of trpc.ts refuses such a caller).
 */
export function createContextInner(services: Services, user: SessionUser | null, request: RequestInfo = { ip: null, token: null }) {
  return { ...services, user, request };
}

export type Context = ReturnType<typeof createContextInner>;
