import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MultiPolygon, Polygon } from 'geojson';
import { fitProjection, scaleBarKm, SITE_SYMBOLS, type BBox, type SiteSymbol } from '../../../server/domain/plans';
import type { PlanInventory } from './api/plan-queries';

const W = 600;
const H = 340;

function pathOf(g: Polygon | MultiPolygon, project: (lng: number, lat: number) => [number, number]): string {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let d = '';
  for (const poly of polys) for (const ring of poly) {
    ring.forEach(([lng, lat], i) => {
      const [x, y] = project(lng, lat);
      d += `${i ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`;
    });
    d += 'Z';
  }
  return d;
}

/** One site symbol (the PDF's shapes), white with a black outline. */
export function SymbolMark({ symbol, x, y, r = 4 }: { symbol: SiteSymbol; x: number; y: number; r?: number }) {
  const common = { fill: '#fff', stroke: '#000', strokeWidth: 1.2 };
  switch (symbol) {
    case 'circle': return <circle cx={x} cy={y} r={r} {...common} />;
    case 'square': return <rect x={x - r} y={y - r} width={2 * r} height={2 * r} {...common} />;
    case 'triangle': return <polygon points={`${x},${y - r * 1.15} ${x + r * 1.1},${y + r * 0.8} ${x - r * 1.1},${y + r * 0.8}`} {...common} />;
    case 'triangle-down': return <polygon points={`${x},${y + r * 1.15} ${x + r * 1.1},${y - r * 0.8} ${x - r * 1.1},${y - r * 0.8}`} {...common} />;
    case 'diamond': return <polygon points={`${x},${y - r * 1.2} ${x + r * 1.2},${y} ${x},${y + r * 1.2} ${x - r * 1.2},${y}`} {...common} />;
    case 'star': {
      const pts = Array.from({ length: 10 }, (_, i) => {
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const rr = i % 2 ? r * 0.5 : r * 1.3;
        return `${(x + rr * Math.cos(a)).toFixed(1)},${(y + rr * Math.sin(a)).toFixed(1)}`;
      });
      return <polygon points={pts.join(' ')} {...common} />;
    }
    case 'cross': return <path d={`M${x - r} ${y - r}L${x + r} ${y + r}M${x - r} ${y + r}L${x + r} ${y - r}`} stroke="#000" strokeWidth={2} />;
    case 'plus': return <path d={`M${x - r} ${y}L${x + r} ${y}M${x} ${y - r}L${x} ${y + r}`} stroke="#000" strokeWidth={2} />;
  }
}

/** The categories drawn, in name order, each with its symbol (as the PDF assigns them). */
export function symbolsOf(inventory: PlanInventory): Map<string, SiteSymbol> {
  const categories = [...new Set(inventory.sites.list.filter((s) => !s.cell).map((s) => s.category))].sort();
  return new Map(categories.map((c, i) => [c, SITE_SYMBOLS[i % SITE_SYMBOLS.length]]));
}

/**
 * The municipality drawn from its own geometry as SVG (what the PDF draws): the outline, the
 * borderland zone over it hatched, the sites by symbol, generalised cells dashed with their count.
 * Readable in black and white; nothing is told by colour alone.
 */
export function PlanMap({ inventory }: { inventory: PlanInventory }) {
  const { t } = useTranslation();
  const id = useId().replace(/:/g, '');
  const drawn = useMemo(() => {
    const proj = fitProjection(inventory.area.bbox as BBox, W, H, 18);
    const outline = pathOf(inventory.area.geometry as Polygon | MultiPolygon, proj.project);
    const zone = inventory.borderlandPart ? pathOf(inventory.borderlandPart as MultiPolygon, proj.project) : null;
    const km = scaleBarKm(proj.kmPerUnit * W * 0.25);
    return { proj, outline, zone, km, len: km / proj.kmPerUnit };
  }, [inventory]);
  const symbols = symbolsOf(inventory);
  return (
    <figure className="plan-map">
      <svg viewBox={`0 0 ${W} ${H + 24}`} role="img" aria-label={t('plans.map.label', { name: inventory.area.name })} data-testid="plan-map">
        <defs>
          <clipPath id={`${id}-area`}><path d={drawn.outline} clipRule="evenodd" /></clipPath>
          <pattern id={`${id}-hatch`} width="7" height="7" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="7" height="7" fill="#d4d4d4" />
            <line x1="0" y1="0" x2="0" y2="7" stroke="#555" strokeWidth="1" />
          </pattern>
        </defs>
        <rect x="0.5" y="0.5" width={W - 1} height={H - 1} fill="#fff" stroke="#000" />
        <path d={drawn.outline} fill="#fff" fillRule="evenodd" />
        {drawn.zone && <path d={drawn.zone} fill={`url(#${id}-hatch)`} fillRule="evenodd" clipPath={`url(#${id}-area)`} data-testid="plan-map-zone" />}
        <path d={drawn.outline} fill="none" stroke="#000" strokeWidth="1.8" strokeLinejoin="round" data-testid="plan-map-outline" />
        {inventory.sites.list.map((s, i) => {
          const [x, y] = drawn.proj.project(s.lng, s.lat);
          return s.cell ? (
            <g key={i} data-testid="plan-map-cell">
              <circle cx={x} cy={y} r={11} fill="none" stroke="#000" strokeDasharray="3 3" />
              <text x={x} y={y + 3} textAnchor="middle" fontSize="8" fontWeight="bold">{s.count ?? `<${s.below}`}</text>
            </g>
          ) : (
            <g key={i} data-testid="plan-map-site"><SymbolMark symbol={symbols.get(s.category) ?? 'circle'} x={x} y={y} /></g>
          );
        })}
        {drawn.km > 0 && (
          <g>
            <path d={`M${W - drawn.len - 60} ${H + 12}h${drawn.len}M${W - drawn.len - 60} ${H + 7}v6M${W - 60} ${H + 7}v6`} stroke="#000" strokeWidth="1.2" fill="none" />
            <text x={W - 55} y={H + 16} fontSize="10">{t('plans.map.scale', { km: drawn.km >= 1 ? drawn.km : drawn.km.toFixed(2) })}</text>
          </g>
        )}
      </svg>
      <figcaption className="plan-map__legend">
        <span><svg width="14" height="12" aria-hidden="true"><rect x="1" y="1" width="12" height="10" fill="#fff" stroke="#000" strokeWidth="1.8" /></svg>{t('plans.map.outline')}</span>
        {drawn.zone && <span><svg width="14" height="12" aria-hidden="true"><rect x="1" y="1" width="12" height="10" fill={`url(#${id}-hatch)`} stroke="#555" /></svg>{t('plans.map.zone')}</span>}
        {[...symbols].map(([c, s]) => (
          <span key={c}><svg width="14" height="12" aria-hidden="true"><SymbolMark symbol={s} x={7} y={6} /></svg>{t(`taxonomy.${c}`, { defaultValue: c })}</span>
        ))}
        {inventory.sites.generalised && <span><svg width="14" height="12" aria-hidden="true"><circle cx="7" cy="6" r="5" fill="none" stroke="#000" strokeDasharray="2 2" /></svg>{t('plans.map.cell')}</span>}
      </figcaption>
    </figure>
  );
}
