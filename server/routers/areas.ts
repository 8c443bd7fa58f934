import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { router, protectedProcedure } from '../trpc';
import { borderKmInput } from './layers';

/** One area of one boundary set. */
const areaRef = { boundarySetId: z.string().min(1).max(200), code: z.string().min(1).max(200) };

export const areasRouter = router({
  /** What the country panel shows: codes, a population estimate, airports, borderland share. */
  profile: protectedProcedure
    .input(
      z.object({
        code: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code such as IND'),
        borderKm: borderKmInput,
      }),
    )
    .query(async ({ ctx, input }) => {
      const facts = await ctx.layers.countryFacts(ctx.viewer, input.code);
      if (!facts) throw new TRPCError({ code: 'NOT_FOUND', message: `No area '${input.code}'` });
      // From the zone the map draws, so that the figure and the map agree.
      const zone = await ctx.layers.borderlandZone(ctx.viewer, input.borderKm);
      const share = zone.shares.get(facts.code);
      if (!share) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `No borderland share for '${facts.code}'` });
      return {
        code: facts.code,
        iso2: facts.iso2,
        isoNumeric: facts.isoNumeric,
        name: facts.name,
        population: { value: facts.population, placesCount: facts.placesCount },
        airportsCount: facts.airportsCount,
        borderland: { radiusKm: input.borderKm, share: share.share, areaKm2: facts.areaKm2 },
      };
    }),

  /**
   * The profile of any area of any boundary set the viewer may see, in one call: every indicator
   * with each period's value, interval and rank among the set's areas; sites inside it by category
   * (counts protected as factors are); zone shares; its risk score in a model (the built-in one by
   * default) and the interventions that target it.
   */
  brief: protectedProcedure
    .input(
      z.object({
        boundarySetId: z.string().min(1).max(200),
        code: z.string().min(1).max(200),
        borderKm: borderKmInput,
        modelId: z.string().min(1).max(200).optional(),
        /** false: no risk score (null), for a panel that opens at once and asks areas.risk after. */
        risk: z.boolean().default(true),
      }),
    )
    .query(async ({ ctx, input }) => {
      const found = await ctx.profiles.profile(ctx.viewer, input.boundarySetId, input.code, { borderKm: input.borderKm, modelId: input.modelId, risk: input.risk });
      if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: `No area '${input.code}' in '${input.boundarySetId}'` });
      // reads of restricted data are audited, as every other door to it is
      for (const id of new Set([...found.indicators.filter((i) => i.sensitivity === 'restricted').map((i) => i.datasetId), ...(found.risk?.restrictedSources ?? [])])) {
        await ctx.record({ action: 'read.restricted', target: id, detail: { via: 'areas.brief', boundarySetId: input.boundarySetId, code: input.code } });
      }
      if (!found.risk) return { ...found, risk: null };
      const { restrictedSources: _r, ...risk } = found.risk;
      return { ...found, risk };
    }),

  /** One area's risk score in a model (the built-in one by default): what areas.brief gives as `risk`, on its own. */
  risk: protectedProcedure
    .input(z.object({ ...areaRef, modelId: z.string().min(1).max(200).optional() }))
    .query(async ({ ctx, input }) => {
      const found = await ctx.profiles.risk(ctx.viewer, input.boundarySetId, input.code, input.modelId);
      if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: `No area '${input.code}' in '${input.boundarySetId}'` });
      for (const id of new Set(found.restrictedSources)) {
        await ctx.record({ action: 'read.restricted', target: id, detail: { via: 'areas.risk', boundarySetId: input.boundarySetId, code: input.code } });
      }
      const { restrictedSources: _r, ...risk } = found;
      return risk;
    }),

  /**
   * The drill-down around an area: the areas of the nearest finer level inside it (by parent code,
   * or by containment when codes do not link), and the areas holding it up to the coarsest level.
   */
  hierarchy: protectedProcedure.input(z.object(areaRef)).query(async ({ ctx, input }) => {
    const found = await ctx.hierarchy.hierarchy(ctx.viewer, input.boundarySetId, input.code);
    if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: `No area '${input.code}' in '${input.boundarySetId}'` });
    return found;
  }),

  /**
   * Areas of every boundary set, places and sites found by name in the atlas's own index (the
   * database; no geocoding service), best match first, from what the viewer may see.
   */
  search: protectedProcedure
    .input(z.object({ q: z.string().trim().min(1, 'type at least one character').max(100), limit: z.number().int().min(1).max(50).default(12) }))
    .query(({ ctx, input }) => ctx.profiles.search(ctx.viewer, input.q, input.limit)),
});
