import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RiskModel } from '../../../server/domain/risk/model-file';
import { errorCode } from '../../lib/trpc';
import { changedWeights, weightNodes, withWeights, type WeightNode } from './model-weights';
import { useSaveModel, type StoredModel } from './api/prioritise-queries';

export interface SaveModelSectionProps {
  /** The model as loaded (the whole tree, not only the leaves this boundary set fills). */
  stored: StoredModel;
  /** The sliders' weights by node id. */
  weights: () => Record<string, number>;
  /** A node's label in the table of a conflict (the panel's: built-in names translated). */
  labelOf: (node: WeightNode) => string;
  formatWeight: (w: number) => string;
  /** A model was saved (a new one, or a new version): the screen switches to it. */
  onSaved: (id: string) => void;
}

interface Conflict {
  theirs: StoredModel;
  /** What this save tried to write. */
  mine: RiskModel;
}

const isBuiltIn = (id: string) => id.startsWith('builtin:');

/**
 * Saves the weights as a model: a copy (always possible; the only way for the built-in model) or
 * a new version of the organisation's model, from the version it was loaded at. A stale save
 * shows the other person's version beside this one, weight by weight, and lets the user keep
 * theirs or overwrite it with this one.
 */
export function SaveModelSection({ stored, weights, labelOf, formatWeight, onSaved }: SaveModelSectionProps) {
  const { t } = useTranslation();
  const save = useSaveModel();
  const defaultName = isBuiltIn(stored.id) ? t('prioritise.save.copyName', { name: stored.name }) : stored.name;
  const [name, setName] = useState(defaultName);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // another model loaded (the one just saved, or another picked): its name, and no old conflict
  const [shownId, setShownId] = useState(stored.id);
  if (shownId !== stored.id) {
    setShownId(stored.id);
    setName(defaultName);
    setConflict(null);
  }

  const definition = (base: RiskModel) => withWeights(base, changedWeights(base, weights()), name.trim() || stored.name);

  const submit = async (input: { id?: string; version?: number; definition: RiskModel }) => {
    setMessage(null);
    try {
      const saved = await save.mutateAsync(input);
      setConflict(null);
      setMessage(t('prioritise.save.saved', { name: saved.name, version: saved.version }));
      onSaved(saved.id);
    } catch (err) {
      const theirs = (err as { data?: { conflict?: StoredModel | null } }).data?.conflict;
      if (errorCode(err) === 'CONFLICT' && theirs) setConflict({ theirs, mine: input.definition });
      else setMessage(t('prioritise.save.failed', { message: err instanceof Error ? err.message : String(err) }));
    }
  };

  const nodes = conflict ? weightNodes(conflict.theirs.definition) : [];
  const weightIn = (model: RiskModel) => {
    const out = new Map<string, number>();
    const visit = (c: RiskModel['root'] | RiskModel['root']['children'][number]) => {
      out.set(c.id, c.weight ?? 1);
      if ('children' in c) c.children.forEach(visit);
    };
    visit(model.root);
    return out;
  };
  const theirWeights = conflict ? weightIn(conflict.theirs.definition) : new Map<string, number>();
  const myWeights = conflict ? weightIn(conflict.mine) : new Map<string, number>();

  return (
    <section className="prioritise-section" aria-labelledby="prioritise-save">
      <h3 id="prioritise-save">{t('prioritise.save.heading')}</h3>
      <div className="prioritise-save__row">
        <label htmlFor="prioritise-save-name">{t('prioritise.save.name')}</label>
        <input id="prioritise-save-name" type="text" value={name} maxLength={200} onChange={(e) => setName(e.currentTarget.value)} />
      </div>
      <div className="prioritise-actions">
        {!isBuiltIn(stored.id) && (
          <button type="button" disabled={save.isPending} onClick={() => void submit({ id: stored.id, version: stored.version, definition: definition(stored.definition) })}>
            {t('prioritise.save.update', { version: stored.version + 1 })}
          </button>
        )}
        <button type="button" disabled={save.isPending} onClick={() => void submit({ definition: definition(stored.definition) })}>
          {t('prioritise.save.copy')}
        </button>
      </div>
      {message && <p role="status" className="prioritise-muted" data-testid="prioritise-save-message">{message}</p>}
      {conflict && (
        <div className="prioritise-conflict" role="alert" data-testid="prioritise-conflict">
          <p>
            {t('prioritise.save.conflict', {
              who: conflict.theirs.updatedBy, when: new Date(conflict.theirs.updatedAt).toLocaleString(), version: conflict.theirs.version, loaded: stored.version,
            })}
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('prioritise.save.node')}</th>
                <th scope="col" className="num">{t('prioritise.save.theirs', { version: conflict.theirs.version })}</th>
                <th scope="col" className="num">{t('prioritise.save.mine')}</th>
              </tr>
            </thead>
            <tbody>
              {nodes.map((n) => {
                const theirs = theirWeights.get(n.id);
                const mine = myWeights.get(n.id);
                return (
                  <tr key={n.id} data-node={n.id} className={theirs !== mine ? 'is-different' : undefined}>
                    <th scope="row">{labelOf(n)}</th>
                    <td className="num">{theirs === undefined ? '—' : formatWeight(theirs)}</td>
                    <td className="num">{mine === undefined ? '—' : formatWeight(mine)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="prioritise-actions">
            <button type="button" onClick={() => void submit({ id: conflict.theirs.id, version: conflict.theirs.version, definition: conflict.mine })}>
              {t('prioritise.save.overwrite', { version: conflict.theirs.version })}
            </button>
            <button type="button" onClick={() => { setConflict(null); onSaved(conflict.theirs.id); }}>
              {t('prioritise.save.takeTheirs')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
