import { useTranslation } from 'react-i18next';
import { Loading } from '../../ui/loading';
import { formatNumber } from '../../lib/format';
import { useAreaHierarchy } from './api/use-area-brief';
import type { AreaRef, AreaTarget } from './area-ref';

export interface HierarchyProps {
  area: AreaRef;
  /** Opens another area (a crumb or an area inside this one). */
  onOpen: (target: AreaTarget) => void;
  /** The name of a country of the built-in set, in the interface's language. */
  nameOf: (area: { boundarySetId: string; code: string; name: string }) => string;
}

/** The areas holding this one, coarsest first, each a link back up; nothing when there are none. */
export function Breadcrumbs({ area, onOpen, nameOf }: HierarchyProps) {
  const { t } = useTranslation();
  const hierarchy = useAreaHierarchy(area);
  const h = hierarchy.data;
  if (!h || h.ancestors.length === 0) return null;
  return (
    <nav aria-label={t('brief.drill.breadcrumbs')} className="breadcrumbs" data-testid="breadcrumbs">
      <ol>
        {h.ancestors.map((a) => (
          <li key={`${a.boundarySetId}:${a.code}`}>
            <button type="button" className="link-button" onClick={() => onOpen({ setId: a.boundarySetId, code: a.code, bbox: a.bbox })} title={a.setName}>
              {nameOf(a)}
            </button>
          </li>
        ))}
        <li aria-current="page">{nameOf(h.area)}</li>
      </ol>
    </nav>
  );
}

/** The areas of the next finer boundary sets inside this one, each opening its profile (the drill-down). */
export function SubAreasSection({ area, onOpen, nameOf }: HierarchyProps) {
  const { t, i18n } = useTranslation();
  const hierarchy = useAreaHierarchy(area);
  const h = hierarchy.data;
  return (
    <section aria-labelledby="brief-subareas" data-testid="subareas">
      <h3 id="brief-subareas">{t('brief.drill.heading')}</h3>
      {hierarchy.isPending && <Loading label={t('brief.drill.loading')} />}
      {hierarchy.error && <p className="error-text" role="alert">{t('brief.drill.error', { message: hierarchy.error.message })}</p>}
      {h && h.children.length === 0 && <p className="note">{t('brief.drill.none')}</p>}
      {h?.children.map((group) => (
        <div key={group.boundarySetId} className="subareas__group" data-set={group.boundarySetId}>
          <h4>
            {t('brief.drill.group', { set: group.setName, count: group.areas.length, number: formatNumber(group.areas.length, i18n.language) })}
          </h4>
          <p className="note">{t(group.linkedBy === 'parent-code' ? 'brief.drill.byCode' : 'brief.drill.byContainment')}</p>
          <ul className="subareas__list">
            {group.areas.map((a) => (
              <li key={a.code}>
                <button type="button" className="link-button" onClick={() => onOpen({ setId: group.boundarySetId, code: a.code, bbox: a.bbox })}>
                  {nameOf({ boundarySetId: group.boundarySetId, code: a.code, name: a.name })}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
