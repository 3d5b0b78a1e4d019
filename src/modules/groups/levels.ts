import type { FieldError } from '../../lib/errors.ts';
import { formatDecimal, minorDigits } from '../../lib/money.ts';
import type { LevelInput } from './schema.ts';
import type { GroupLevelsTable, GroupMetric, GroupWindow } from './tables.ts';

// The levels of frequency groups: their checks, which level a figure falls in, and the rule in words for the
// ledger. Which sales count (the window) and the sums are SQL, in membership-queries.ts evaluateMembers.

export type LevelRow = Omit<GroupLevelsTable, 'tenant_id' | 'group_id'>;

export interface FrequencyRule {
  id: string;
  metric: GroupMetric;
  active_from: string;
  window: GroupWindow;
  levels: LevelRow[];
}

/**
 * Levels numbered from the lowest minimum up, or the errors that say which levels clash (each at its place in
 * the request) and which descriptions repeat. A gap between levels is allowed: its customers are in no level.
 */
export function checkLevels(levels: readonly LevelInput[], pointer = '/levels'): { levels: LevelRow[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const indexed = levels.map((level, index) => ({ ...level, index, max: level.max ?? null }));
  indexed.forEach((level) => {
    if (level.max !== null && level.max < level.min) {
      errors.push({ field: `${pointer}/${level.index}/max`, code: 'group.level_max_below_min', message: `"${level.description}": the maximum is below the minimum.` });
    }
  });
  const seen = new Map<string, number>();
  for (const level of indexed) {
    const key = level.description.trim().toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ field: `${pointer}/${level.index}/description`, code: 'group.level_description_taken', message: `Levels ${first + 1} and ${level.index + 1} are both called "${level.description}".` });
    } else seen.set(key, level.index);
  }
  const sorted = [...indexed].sort((a, b) => a.min - b.min || a.index - b.index);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const [low, high] = [sorted[i]!, sorted[j]!];
      if (low.max !== null && low.max < high.min) break;
      const message = `"${low.description}" and "${high.description}" overlap: a figure of ${high.min} would be in both.`;
      errors.push({ field: `${pointer}/${low.index}`, code: 'group.levels_overlap', message });
      errors.push({ field: `${pointer}/${high.index}`, code: 'group.levels_overlap', message });
    }
  }
  return {
    levels: sorted.map((level, i) => ({ number: i + 1, description: level.description.trim(), min: level.min, max: level.max, vip: level.vip ?? false })),
    errors: dedupe(errors),
  };
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.field}\u0000${error.message}`;
    return !seen.has(key) && (seen.add(key), true);
  });
}

/** The level a figure falls in, or undefined in a gap or below the lowest. */
export function levelOf(levels: readonly LevelRow[], figure: number): LevelRow | undefined {
  return levels.find((level) => figure >= level.min && (level.max === null || figure <= level.max));
}

/** The rule and the figure in words, for the ledger: "sales since 2010-12-01: 1204.50 GBP, level Gold (1000.00 GBP and more)". */
export function ruleSentence(rule: FrequencyRule, figure: number, level: LevelRow | undefined, currency: string): string {
  const amount = (value: number) => (rule.metric === 'transactions' ? String(value) : `${formatDecimal(value, minorDigits(currency))} ${currency}`);
  const what = { sales: 'sales', gross_margin: 'gross margin', transactions: 'transactions' }[rule.metric];
  const since = rule.window === 'never_reset' ? `since ${rule.active_from}` : `over the last 12 months (not before ${rule.active_from})`;
  const band = (l: LevelRow) => (l.max === null ? `${amount(l.min)} and more` : `${amount(l.min)} to ${amount(l.max)}`);
  return `${what} ${since}: ${amount(figure)}, ${level ? `level ${level.description} (${band(level)})` : 'in no level'}`;
}
