import { z } from 'zod';
import { BORDERLAND_KM_MAX, BORDERLAND_KM_MIN } from '../domain/borderland-zone';
import { router, protectedProcedure } from '../trpc';

/** A borderland width the app serves zones for: whole km, so that each width is computed once. */
export const borderlandKm = z
  .number()
  .int(`expected a whole number of km from ${BORDERLAND_KM_MIN} to ${BORDERLAND_KM_MAX}`)
  .min(BORDERLAND_KM_MIN, `expected a whole number of km from ${BORDERLAND_KM_MIN} to ${BORDERLAND_KM_MAX}`)
  .max(BORDERLAND_KM_MAX, `expected a whole number of km from ${BORDERLAND_KM_MIN} to ${BORDERLAND_KM_MAX}`);

export const layersRouter = router({
  list: protectedProcedure.query(({ ctx }) => ctx.layers.listLayers()),
  countries: protectedProcedure.query(({ ctx }) => ctx.layers.countries()),
  borders: protectedProcedure.query(({ ctx }) => ctx.layers.borders()),
  airports: protectedProcedure.query(({ ctx }) => ctx.layers.airports()),
  places: protectedProcedure.query(({ ctx }) => ctx.layers.places()),
  /** The land within radiusKm of a land border, as one MultiPolygon (computed once per width). */
  borderlandZone: protectedProcedure.input(z.object({ radiusKm: borderlandKm })).query(async ({ ctx, input }) => {
    const zone = await ctx.layers.borderlandZone(input.radiusKm);
    return { radiusKm: zone.radiusKm, areaKm2: zone.areaKm2, geometry: zone.geometry };
  }),
});
