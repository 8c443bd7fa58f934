// What the benchmarks run alone share: their command-line flags and how they print a duration.

/** The value after `flag` on the command line (`--sets admin-1,countries-50m`), if given. */
export function flagValue(flag: string, args = process.argv.slice(2)): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

/** A duration: whole milliseconds, or seconds with one decimal from 10 s; '—' when unknown. */
export const formatMs = (x: number) => (Number.isFinite(x) ? (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(0)} ms`) : '—');
