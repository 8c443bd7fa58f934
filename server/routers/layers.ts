import { z } from 'zod';
import { BORDERLAND_KM_MAX, BORDERLAND_KM_MIN } from '../domain/borderland-zone';
import { router, publicProcedure } from '../trpc';

/** A borderland width the app serves zones for: whole km, so that each width is computed once. */
export const borderlandKm = z
  .number()
  .int(`expected a whole number of km from ${BORDERLAND_KM_MIN} to ${BORDERLAND_KM_MAX}`)
  .min(BORDERLAND_KM_MIN, `expected a whole number of km from ${BORDERLAND_KM_MIN} to ${BORDERLAND_KM_MAX}`)
  .max(BORDERLAND_KM_MAX, `expected a whole number of km from ${BORDERLAND_KM_MIN} to ${BORDERLAND_KM_MAX}`);

export const layersRouter = router({
  list: publicProcedure.query(({ ctx }) => ctx.layers.listLayers()),
  countries: publicProcedure.query(({ ctx }) => ctx.layers.countries()),
  borders: publicProcedure.query(({ ctx }) => ctx.layers.borders()),
  airports: publicProcedure.query(({ ctx }) => ctx.layers.airports()),
  places: publicProcedure.query(({ ctx }) => ctx.layers.places()),
  /** The land within radiusKm of a land border, as one MultiPolygon (computed once per width). */
  borderlandZone: publicProcedure.input(z.object({ radiusKm: borderlandKm })).query(async ({ ctx, input }) => {
    const zone = await ctx.layers.borderlandZone(input.radiusKm);
    return { radiusKm: zone.radiusKm, areaKm2: zone.areaKm2, geometry: zone.geometry };
  }),
});
