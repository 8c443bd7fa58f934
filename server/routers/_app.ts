import { router } from '../trpc';
import { layersRouter } from './layers';
import { areasRouter } from './areas';
import { metaRouter } from './meta';

export const appRouter = router({
  layers: layersRouter,
  areas: areasRouter,
  meta: metaRouter,
});

export type AppRouter = typeof appRouter;
