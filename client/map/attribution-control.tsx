import { AttributionControl as MapLibreAttribution } from 'maplibre-gl';
import { useControl } from './use-control';

export interface AttributionEntry {
  name: string;
  licence: string;
  url?: string;
}

export interface AttributionControlProps {
  entries: AttributionEntry[];
  /** Rebuilds the control when MapLibre's own labels change language. */
  lang: string;
}

/** MapLibre's attribution control, always expanded, listing each data source and its licence. */
export function AttributionControl({ entries, lang }: AttributionControlProps) {
  const html = entries.map(toHtml);
  useControl(() => new MapLibreAttribution({ compact: false, customAttribution: html }), 'bottom-right', [
    html.join('|'),
    lang,
  ]);
  return null;
}

function toHtml({ name, licence, url }: AttributionEntry): string {
  const label = `${escapeHtml(name)} (${escapeHtml(licence)})`;
  // a link the user may follow, never a resource the page loads
  return url && /^https?:\/\//.test(url)
    ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${label}</a>`
    : label;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
