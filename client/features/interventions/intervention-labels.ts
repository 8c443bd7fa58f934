import type { TFunction } from 'i18next';
import type { FormField, FormTarget } from './intervention-form';

/** "2.2 Building capacities": the code and its name, in the interface language. */
export function actionAreaLabel(t: TFunction, code: string): string {
  return `${code} ${t(`interventions.actionAreas.${code}`)}`;
}

/** "Strategy 2: Raise awareness …". */
export function strategyLabel(t: TFunction, code: string): string {
  return t('interventions.strategyLabel', { code, name: t(`interventions.strategies.${code}`) });
}

/** A target in words: the area's name and code, a drawn zone's kind and size. */
export function targetLabel(t: TFunction, target: FormTarget, lang: string): string {
  switch (target.kind) {
    case 'area':
      return target.name ? `${target.name} (${target.code})` : target.code;
    case 'site':
      return target.name ?? t('interventions.target.site', { id: target.siteId });
    case 'polygon':
      return target.label || t('interventions.target.polygon');
    case 'circle':
      return t('interventions.target.circle', {
        km: new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(target.radiusM / 1000),
        lng: target.center[0].toFixed(3),
        lat: target.center[1].toFixed(3),
      });
  }
}

/** A form value as the conflict view and the history show it. */
export function formatFieldValue(t: TFunction, field: FormField | string, value: unknown, lang: string): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return '—';
  switch (field) {
    case 'actionArea':
      return actionAreaLabel(t, String(value));
    case 'status':
      return t(`interventions.status.${String(value)}`);
    case 'sensitivity':
      return t(`sensitivity.${String(value)}`);
    case 'audiences':
      return (value as string[]).map((a) => t(`interventions.audiences.${a}`)).join(', ');
    case 'targets':
      return (value as FormTarget[]).map((x) => targetLabel(t, x, lang)).join('; ');
    case 'budget':
    case 'reachTarget': {
      const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
      return Number.isFinite(n) ? new Intl.NumberFormat(lang).format(n) : String(value);
    }
    default:
      return String(value);
  }
}

/** An ISO time as a local date and time. */
export function formatWhen(iso: string, lang: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.valueOf()) ? iso : new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
