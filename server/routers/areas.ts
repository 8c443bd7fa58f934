import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { router, protectedProcedure } from '../trpc';
import { borderlandKm } from './layers';

export const areasRouter = router({
  /** What the country panel shows: codes, a population estimate, airports, borderland share. */
  profile: protectedProcedure
    .input(
      z.object({
        code: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code such as IND'),
        borderKm: borderlandKm.default(50),
      }),
    )
    .query(async ({ ctx, input }) => {
      const facts = await ctx.layers.countryFacts(input.code);
      if (!facts) throw new TRPCError({ code: 'NOT_FOUND', message: `No area '${input.code}'` });
      // From the zone the map draws, so that the figure and the map agree.
      const zone = await ctx.layers.borderlandZone(input.borderKm);
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
});
