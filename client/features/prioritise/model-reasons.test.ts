import { describe, expect, it } from 'vitest';
import panelsEn from '../../locales/panels.en.json';
import panelsFr from '../../locales/panels.fr.json';
import { DEMAND_FOR_SEC, DEMAND_FOR_SEC_REASONS } from '../../../server/domain/risk/demand-for-sec';
import type { ModelChild, ModelNode } from '../../../server/domain/risk/model-file';

const ids = (n: ModelChild): string[] => [n.id, ...('children' in n ? n.children.flatMap(ids) : [])];

describe('the built-in model in the interface’s languages', () => {
  it('gives the reasons the server gives (the CLI and the API), in English, and every one of them in French', () => {
    expect(panelsEn.prioritise.reasonOf).toEqual(DEMAND_FOR_SEC_REASONS);
    expect(Object.keys(panelsFr.prioritise.reasonOf).sort()).toEqual(Object.keys(DEMAND_FOR_SEC_REASONS).sort());
    for (const [id, text] of Object.entries(panelsFr.prioritise.reasonOf)) expect(text, id).not.toBe(DEMAND_FOR_SEC_REASONS[id]);
  });

  it('names every node of the model in both languages, the English name being the model’s own', () => {
    const nodeIds = ids(DEMAND_FOR_SEC.root);
    for (const names of [panelsEn.prioritise.nodes, panelsFr.prioritise.nodes]) expect(Object.keys(names).sort()).toEqual([...nodeIds].sort());
    const inner = (n: ModelChild): ModelNode[] => ('children' in n ? [n, ...n.children.flatMap(inner)] : []);
    for (const n of inner(DEMAND_FOR_SEC.root)) expect((panelsEn.prioritise.nodes as Record<string, string>)[n.id], n.id).toBe(n.name);
  });
});
