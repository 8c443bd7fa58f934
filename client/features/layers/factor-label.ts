import type { TFunction } from 'i18next';

/**
 * A factor's name in the interface language: `sites-count:transit.airport` → "Airport: sites".
 * An unknown factor keeps its stored name.
 */
export function factorLabel(t: TFunction, name: string): string {
  const [factor, category] = name.split(/:(.*)/s, 2);
  const categoryName = category ? t(`taxonomy.${category}`, { defaultValue: category }) : '';
  return t(`layers.factors.names.${factor}`, { category: categoryName, defaultValue: name });
}
