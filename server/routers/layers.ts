import { router, publicProcedure } from '../trpc';

export const layersRouter = router({
  list: publicProcedure.query(({ ctx }) => ctx.layers.listLayers()),
  countries: publicProcedure.query(({ ctx }) => ctx.layers.countries()),
  borders: publicProcedure.query(({ ctx }) => ctx.layers.borders()),
  airports: publicProcedure.query(({ ctx }) => ctx.layers.airports()),
  places: publicProcedure.query(({ ctx }) => ctx.layers.places()),
});
