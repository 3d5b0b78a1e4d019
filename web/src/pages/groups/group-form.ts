import type { Group, GroupCreate, GroupKind, GroupMetric, GroupSegment, GroupUpdate, GroupWindow, LevelInput } from '../../api/groups';
import { isMoneyMetric } from '../../api/groups';
import { currencyDigits, parseScaled, scaledInputValue } from '../../components/money';

let nextKey = 0;
/** React keys for level rows the user adds and removes; never sent. */
const newKey = () => `level-${++nextKey}`;

/** A level as its row holds it: amounts as typed, in major units for money metrics. */
export interface LevelValues {
  key: string;
  description: string;
  min: string;
  max: string;
  vip: boolean;
}

export interface GroupFormValues {
  kind: GroupKind;
  name: string;
  code: string;
  description: string;
  erp_id: string;
  segment: GroupSegment;
  vip: boolean;
  tag_ids: string[];
  metric: GroupMetric | null;
  active_from: string | null;
  window: GroupWindow | null;
  levels: LevelValues[];
}

export function emptyLevel(): LevelValues {
  return { key: newKey(), description: '', min: '', max: '', vip: false };
}

export function emptyGroup(): GroupFormValues {
  return {
    kind: 'static',
    name: '',
    code: '',
    description: '',
    erp_id: '',
    segment: 'b2c',
    vip: false,
    tag_ids: [],
    metric: 'sales',
    active_from: null,
    window: 'rolling_12_months',
    levels: [emptyLevel()],
  };
}

/** How many decimals a level's figures take: the currency's for money, none for a count of transactions. */
export function figureDigits(metric: GroupMetric | null, currency: string): number {
  return isMoneyMetric(metric) ? currencyDigits(currency) : 0;
}

export function toFormValues(group: Group, currency: string, language: string): GroupFormValues {
  const digits = figureDigits(group.metric, currency);
  return {
    kind: group.kind,
    name: group.name,
    code: group.code ?? '',
    description: group.description ?? '',
    erp_id: group.erp_id ?? '',
    segment: group.segment,
    vip: group.vip,
    tag_ids: [...group.tag_ids],
    metric: group.metric ?? 'sales',
    active_from: group.active_from,
    window: group.window ?? 'rolling_12_months',
    levels:
      group.levels.length > 0
        ? group.levels.map((level) => ({
            key: newKey(),
            description: level.description,
            min: scaledInputValue(level.min, digits, language),
            max: scaledInputValue(level.max, digits, language),
            vip: level.vip,
          }))
        : [emptyLevel()],
  };
}

const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** Messages for amounts the browser could not read, by JSON pointer (/levels/0/min). */
export type LocalErrors = Record<string, string>;

export type ReadLevels = { levels: LevelInput[]; errors: LocalErrors };

/**
 * The level rows as the API takes them. A money figure typed "1,000.50" becomes 100050 minor units; a count
 * of transactions takes no decimals. An empty maximum is open-ended.
 */
export function readLevels(
  values: GroupFormValues,
  currency: string,
  language: string,
  message: (reason: 'invalid' | 'too_many_decimals' | 'negative' | 'required', digits: number) => string,
): ReadLevels {
  const digits = figureDigits(values.metric, currency);
  const errors: LocalErrors = {};
  const levels = values.levels.map((row, index): LevelInput => {
    const min = parseScaled(row.min, digits, language);
    const max = parseScaled(row.max, digits, language);
    if (!min.ok) errors[`/levels/${index}/min`] = message(min.reason, digits);
    else if (min.minor === null) errors[`/levels/${index}/min`] = message('required', digits);
    if (!max.ok) errors[`/levels/${index}/max`] = message(max.reason, digits);
    return {
      description: row.description.trim(),
      min: min.ok ? (min.minor ?? 0) : 0,
      max: max.ok ? max.minor : null,
      vip: row.vip,
    };
  });
  return { levels, errors };
}

function sameLevels(a: LevelInput[], b: Group['levels']): boolean {
  if (a.length !== b.length) return false;
  const key = (level: { description: string; min: number; max?: number | null; vip?: boolean }) =>
    `${level.description}\u0000${level.min}\u0000${level.max ?? ''}\u0000${level.vip ?? false}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.every((value, index) => value === right[index]);
}

function commonInput(values: GroupFormValues) {
  return {
    name: values.name.trim(),
    code: text(values.code),
    description: text(values.description),
    erp_id: text(values.erp_id),
    segment: values.segment,
    vip: values.vip,
    tag_ids: values.tag_ids,
  };
}

function ruleInput(values: GroupFormValues, levels: LevelInput[]) {
  return {
    ...(values.metric ? { metric: values.metric } : {}),
    ...(values.active_from ? { active_from: values.active_from } : {}),
    ...(values.window ? { window: values.window } : {}),
    levels,
  };
}

/** A new group: a static one without a rule, a frequency one with all of it (the server says what is missing). */
export function toGroupCreate(values: GroupFormValues, levels: LevelInput[]): GroupCreate {
  if (values.kind === 'static') return { kind: 'static', ...commonInput(values) };
  return { kind: 'frequency', ...commonInput(values), ...ruleInput(values, levels) };
}

/**
 * A stored group's change. A frequency group gets its rule (metric, start, window, levels) only when it
 * changed, since a change of rule recomputes every member in the background.
 */
export function toGroupUpdate(values: GroupFormValues, levels: LevelInput[], stored: Group): GroupUpdate {
  const common = commonInput(values);
  if (stored.kind === 'static') return common;
  const rule = ruleInput(values, levels);
  return {
    ...common,
    ...(rule.metric && rule.metric !== stored.metric ? { metric: rule.metric } : {}),
    ...(rule.active_from && rule.active_from !== stored.active_from ? { active_from: rule.active_from } : {}),
    ...(rule.window && rule.window !== stored.window ? { window: rule.window } : {}),
    ...(!sameLevels(levels, stored.levels) ? { levels } : {}),
  };
}

const TOP_FIELDS = new Set([
  '/kind', '/name', '/code', '/description', '/erp_id', '/segment', '/vip', '/tag_ids', '/metric', '/active_from', '/window', '/levels',
]);

/** Whether the form has a place on screen for an error at this JSON pointer. */
export function isShownField(pointer: string, values: GroupFormValues): boolean {
  if (TOP_FIELDS.has(pointer) || /^\/tag_ids\/\d+$/.test(pointer)) return true;
  const match = /^\/levels\/(\d+)(\/(description|min|max|vip))?$/.exec(pointer);
  return Boolean(match && values.kind === 'frequency' && Number(match[1]) < values.levels.length);
}
