import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../../lib/store';
import { mapStyleStore, setFolded, type LayerGroupId } from './map-style-store';

/** A group of the layer panel whose heading folds and unfolds it (a button: keyboard and screen readers). */
export function LayerGroup({ id, title, children }: { id: LayerGroupId; title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const folded = useStore(mapStyleStore, (s) => s.folded[id] === true);
  const bodyId = `layer-group-${id}`;
  return (
    <section className="layer-group" aria-labelledby={`${bodyId}-heading`}>
      <h3 className="layer-group__heading" id={`${bodyId}-heading`}>
        <button
          type="button"
          className="layer-group__toggle"
          aria-expanded={!folded}
          aria-controls={bodyId}
          title={t(folded ? 'layers.groups.unfold' : 'layers.groups.fold', { group: title })}
          onClick={() => setFolded(id, !folded)}
        >
          <span className="layer-group__chevron" aria-hidden="true">
            {folded ? '▸' : '▾'}
          </span>
          {title}
        </button>
      </h3>
      <div id={bodyId} hidden={folded}>
        {children}
      </div>
    </section>
  );
}
