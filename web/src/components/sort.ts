export interface SortTerm {
  key: string;
  desc: boolean;
}

/** `name,-created_at` -> [{name asc}, {created_at desc}] */
export function parseSort(value: string | null | undefined): SortTerm[] {
  if (!value) return [];
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => (part.startsWith('-') ? { key: part.slice(1), desc: true } : { key: part, desc: false }));
}

export function formatSort(terms: SortTerm[]): string {
  return terms.map((term) => (term.desc ? `-${term.key}` : term.key)).join(',');
}

/**
 * A plain click sorts by this column alone (flipping it if it already is the only sort);
 * a shift-click adds it as the next sort, flips it, then removes it.
 */
export function nextSort(current: SortTerm[], key: string, additive: boolean): SortTerm[] {
  const index = current.findIndex((term) => term.key === key);
  if (!additive) {
    if (current.length === 1 && index === 0) return [{ key, desc: !current[0]!.desc }];
    return [{ key, desc: false }];
  }
  if (index === -1) return [...current, { key, desc: false }];
  const term = current[index]!;
  if (!term.desc) return current.map((t, i) => (i === index ? { key, desc: true } : t));
  return current.filter((_, i) => i !== index);
}
