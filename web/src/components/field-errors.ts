import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ProblemError, type Problem } from '../api/client';

/** The problem's message in the user's language: translated by code, the API's English as fallback. */
export function problemMessage(error: unknown, t: TFunction): string {
  if (!(error instanceof ProblemError)) return t('problems.unexpected');
  return translateProblem(error.problem, t);
}

export function translateProblem(problem: Problem, t: TFunction): string {
  const fallback = problem.detail ?? problem.title ?? t('problems.unexpected');
  return t(`problems.${problem.code}`, {
    defaultValue: fallback,
    right: problem.right ? t(`rights.${problem.right}`, { defaultValue: problem.right }) : '',
  });
}

export interface FieldErrorEntry {
  field: string;
  message: string;
}

/** Every field-level message in a problem, keyed by its JSON pointer (`/contacts/0/email`). */
export function fieldErrorsOf(error: unknown, t: TFunction): FieldErrorEntry[] {
  if (!(error instanceof ProblemError)) return [];
  const { problem } = error;
  const entries: FieldErrorEntry[] = [];
  for (const item of problem.errors ?? []) {
    if (!item.field) continue;
    entries.push({
      field: item.field,
      message: t(`problems.${item.code}`, { defaultValue: item.message || item.code }),
    });
  }
  if (problem.field && !entries.some((entry) => entry.field === problem.field)) {
    entries.push({ field: problem.field, message: translateProblem(problem, t) });
  }
  return entries;
}

export interface FieldErrors {
  /** The message for exactly this input, or undefined. */
  get: (pointer: string) => string | undefined;
  /** Messages whose field the form does not show, so they can be listed with the summary. */
  unmatched: (isShown: (pointer: string) => boolean) => FieldErrorEntry[];
  any: boolean;
}

export function useFieldErrors(error: unknown): FieldErrors {
  const { t } = useTranslation();
  const entries = fieldErrorsOf(error, t);
  const byField = new Map<string, string>();
  for (const entry of entries) {
    byField.set(entry.field, byField.has(entry.field) ? `${byField.get(entry.field)} ${entry.message}` : entry.message);
  }
  return {
    get: (pointer) => byField.get(pointer),
    unmatched: (isShown) => entries.filter((entry) => !isShown(entry.field)),
    any: entries.length > 0,
  };
}
