import { router } from '../trpc';
import { layersRouter } from './layers';
import { interventionsRouter } from './interventions';
import { plansRouter } from './plans';
import { areasRouter } from './areas';
import { metaRouter } from './meta';
import { datasetsRouter } from './datasets';
import { importsRouter } from './imports';
import { factorsRouter } from './factors';
import { accountRouter } from './account';
import { usersRouter } from './users';
import { auditRouter } from './audit';
import { riskRouter } from './risk';
import { viewsRouter } from './views';

export const appRouter = router({
  layers: layersRouter,
  interventions: interventionsRouter,
  plans: plansRouter,
  areas: areasRouter,
  meta: metaRouter,
  datasets: datasetsRouter,
  imports: importsRouter,
  factors: factorsRouter,
  account: accountRouter,
  users: usersRouter,
  audit: auditRouter,
  risk: riskRouter,
  views: viewsRouter,
});

export type AppRouter = typeof appRouter;
