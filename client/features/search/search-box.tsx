import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { formatNumber } from '../../lib/format';
import { useNameSearch, type NameSearchResult } from './api/use-name-search';

export interface SearchBoxProps {
  /** Flies to the result and opens it. */
  onSelect: (result: NameSearchResult) => void;
  /** A country's name in the interface language, for areas of the built-in set. */
  areaName: (result: Extract<NameSearchResult, { kind: 'area' }>) => string;
}

/**
 * Finds an area of any boundary set, a place or a site by name in the atlas's own index (no
 * geocoding service): a combobox (WAI-ARIA 1.2) whose list follows the typing. `/` anywhere
 * focuses it; ↑ ↓ move through the results, Enter opens the one chosen (the first by default),
 * Escape closes the list (a second Escape goes on to close the profile, as elsewhere).
 */
export function SearchBox({ onSelect, areaName }: SearchBoxProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const query = useDebouncedValue(text, 200);
  const search = useNameSearch(query);
  const results = text.trim() ? (search.data ?? []) : [];
  const shown = open && text.trim().length > 0;

  // '/' focuses the box from anywhere but a field being typed in
  useEffect(() => {
    const onKeyDown = (e: globalThis.KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      e.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  useEffect(() => setActive(0), [search.data]);

  const choose = (r: NameSearchResult | undefined) => {
    if (!r) return;
    setOpen(false);
    setText(labelOf(r));
    onSelect(r);
  };
  const labelOf = (r: NameSearchResult) => (r.kind === 'area' ? areaName(r) : r.name);
  const detailOf = (r: NameSearchResult) =>
    r.kind === 'area'
      ? t('search.area', { set: r.setName, code: r.code })
      : r.kind === 'place'
        ? t('search.place', { country: r.country, population: formatNumber(r.population, i18n.language) })
        : t('search.site', { category: t(`taxonomy.${r.category}`, { defaultValue: r.category }), dataset: r.datasetName });

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!shown) return setOpen(true);
      const n = results.length;
      if (n) setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // a query typed faster than the debounce is searched first
      if (query.trim() === text.trim()) choose(results[active]);
    } else if (e.key === 'Escape' && shown) {
      // closes the list only: neither the profile (the shell's Escape) nor the text (a search field's own Escape)
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };

  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;
  const status = !text.trim()
    ? ''
    : search.isFetching && !search.data
      ? t('search.searching')
      : results.length === 0
        ? t('search.none', { q: text.trim() })
        : t('search.count', { count: results.length });

  return (
    <div className="search-box" role="search">
      <label htmlFor={`${id}-input`} className="visually-hidden">{t('search.label')}</label>
      <input
        ref={inputRef}
        id={`${id}-input`}
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && results[active] ? optionId(active) : undefined}
        aria-keyshortcuts="/"
        placeholder={t('search.placeholder')}
        title={t('search.hint')}
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
      />
      <ul id={listId} role="listbox" aria-label={t('search.results')} className="search-box__list" hidden={!shown || results.length === 0}>
        {results.map((r, i) => (
          <li
            key={r.kind === 'area' ? `a:${r.boundarySetId}:${r.code}` : `${r.kind}:${r.id}`}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className="search-box__option"
            data-kind={r.kind}
            // mousedown, not click: the input's blur would close the list first
            onMouseDown={(e) => {
              e.preventDefault();
              choose(r);
            }}
            onMouseEnter={() => setActive(i)}
          >
            <span className="search-box__name">{labelOf(r)}</span>
            <span className="search-box__detail">{detailOf(r)}</span>
          </li>
        ))}
      </ul>
      <span className="visually-hidden" role="status" aria-live="polite">{shown ? status : ''}</span>
      {shown && results.length === 0 && status && <p className="search-box__empty">{status}</p>}
    </div>
  );
}
