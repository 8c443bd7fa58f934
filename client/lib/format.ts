// Intl formatters are costly to build: keep one per language and style.
const cache = new Map<string, Intl.NumberFormat>();

function formatter(lang: string, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${lang}|${key}`;
  let f = cache.get(id);
  if (!f) {
    f = new Intl.NumberFormat(lang, options);
    cache.set(id, f);
  }
  return f;
}

/** A count or an amount: 1,234,567 (en) / 1 234 567 (fr). NaN reads as an em dash. */
export function formatNumber(x: number, lang: string): string {
  if (!Number.isFinite(x)) return '—';
  return formatter(lang, 'int', { maximumFractionDigits: 0 }).format(x);
}

/** A rate or an estimate to `digits` significant digits: 0.0491, 12.3, 1,230. NaN reads as an em dash. */
export function formatSignificant(x: number, lang: string, digits = 3): string {
  if (!Number.isFinite(x)) return '—';
  return formatter(lang, `sig${digits}`, { maximumSignificantDigits: digits }).format(x);
}

/** A share in 0–1 as a percentage with one decimal: 12.3% (en) / 12,3 % (fr). */
export function formatPercent(share: number, lang: string): string {
  if (!Number.isFinite(share)) return '—';
  return formatter(lang, 'pct', { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** A length in km with its unit: 50 km. */
export function formatKm(km: number, lang: string): string {
  if (!Number.isFinite(km)) return '—';
  return formatter(lang, 'km', { style: 'unit', unit: 'kilometer', maximumFractionDigits: 0 }).format(km);
}

/** An area in km² with its unit: whole km², or `significantDigits` of them for an estimate. */
export function formatKm2(km2: number, lang: string, significantDigits?: number): string {
  if (!Number.isFinite(km2)) return '—';
  const n = significantDigits ? formatSignificant(km2, lang, significantDigits) : formatNumber(km2, lang);
  return `${n}\u00a0km²`;
}
