import { router, protectedProcedure } from '../trpc';
import { DEFAULT_SOURCES } from '../../data/sources';
import pkg from '../../package.json' with { type: 'json' };

export const metaRouter = router({
  info: protectedProcedure.query(({ ctx }) => ({
    version: pkg.version,
    database: ctx.db.dialect,
    attribution: [
      { name: 'Natural Earth', licence: DEFAULT_SOURCES.countries.licence, url: DEFAULT_SOURCES.countries.url },
      { name: 'OpenFlights', licence: DEFAULT_SOURCES.airports.licence, url: DEFAULT_SOURCES.airports.url },
      { name: 'GeoNames', licence: DEFAULT_SOURCES.places.licence, url: DEFAULT_SOURCES.places.url },
    ],
  })),
});
