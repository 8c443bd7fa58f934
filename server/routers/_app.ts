import { router } from '../trpc';
import { layersRouter } from './layers';
import { areasRouter } from './areas';
import { metaRouter } from './meta';
import { datasetsRouter } from './datasets';
import { importsRouter } from './imports';

export const appRouter = router({
  layers: layersRouter,
  areas: areasRouter,
  meta: metaRouter,
  datasets: datasetsRouter,
  imports: importsRouter,
});

export type AppRouter = typeof appRouter;
