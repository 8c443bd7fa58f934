import { z } from 'zod';
import { BORDER_KM, BORDER_KM_MAX, BORDER_KM_MIN } from '../domain/zone-widths';
import { router, protectedProcedure } from '../trpc';

/** A borderland width the app serves zones for: whole km, so that each width is computed once. */
export const borderlandKm = z
  .number()
  .int(`expected a whole number of km from ${BORDER_KM_MIN} to ${BORDER_KM_MAX}`)
  .min(BORDER_KM_MIN, `expected a whole number of km from ${BORDER_KM_MIN} to ${BORDER_KM_MAX}`)
  .max(BORDER_KM_MAX, `expected a whole number of km from ${BORDER_KM_MIN} to ${BORDER_KM_MAX}`);

/** The borderland width of a request, the product's default (zone-widths.ts) when not given. */
export const borderKmInput = borderlandKm.default(BORDER_KM);

export const layersRouter = router({
  list: protectedProcedure.query(({ ctx }) => ctx.layers.listLayers(ctx.viewer)),
  countries: protectedProcedure.query(({ ctx }) => ctx.layers.countries(ctx.viewer)),
  borders: protectedProcedure.query(({ ctx }) => ctx.layers.borders(ctx.viewer)),
  airports: protectedProcedure.query(({ ctx }) => ctx.layers.airports(ctx.viewer)),
  places: protectedProcedure.query(({ ctx }) => ctx.layers.places(ctx.viewer)),
  /** The land within radiusKm of a land border, as one MultiPolygon (computed once per width). */
  borderlandZone: protectedProcedure.input(z.object({ radiusKm: borderlandKm })).query(async ({ ctx, input }) => {
    const zone = await ctx.layers.borderlandZone(ctx.viewer, input.radiusKm);
    return { radiusKm: zone.radiusKm, areaKm2: zone.areaKm2, geometry: zone.geometry };
  }),
});
