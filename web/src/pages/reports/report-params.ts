import { REPORT_INTERVALS, type ReportInterval, type SalesReportRequest } from '../../api/reports';

/** The report's choices as the address keeps them, so a reload or a shared link shows the same report. */
export interface ReportChoice {
  from: string;
  to: string;
  interval: ReportInterval;
  all: string[];
  any: string[];
  none: string[];
  channel: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Today in the store's time zone, where the report cuts its days. */
export function todayIn(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

/** The calendar day an instant falls on in the store's time zone. */
export function dayIn(instant: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
  } catch {
    return instant.slice(0, 10);
  }
}

/** Day arithmetic on YYYY-MM-DD in UTC, so no daylight-saving change moves a day. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function addMonths(day: string, months: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
}

export interface QuickRange {
  key: string;
  from: string;
  to: string;
  interval: ReportInterval;
}

/** Ranges ending on `end`: today, or the day of the store's latest sale. */
export function rangesEndingOn(end: string, prefix = ''): QuickRange[] {
  return [
    { key: `${prefix}7_days`, from: addDays(end, -6), to: end, interval: 'day' },
    { key: `${prefix}30_days`, from: addDays(end, -29), to: end, interval: 'day' },
    { key: `${prefix}90_days`, from: addDays(end, -89), to: end, interval: 'week' },
    { key: `${prefix}12_months`, from: addDays(addMonths(end, -12), 1), to: end, interval: 'month' },
  ];
}

/** The calendar years: this one to date, and the last one whole. */
export function calendarYears(today: string): QuickRange[] {
  const year = Number(today.slice(0, 4));
  return [
    { key: 'this_year', from: `${year}-01-01`, to: today, interval: 'month' },
    { key: 'last_year', from: `${year - 1}-01-01`, to: `${year - 1}-12-31`, interval: 'month' },
  ];
}

export function choiceFromParams(params: URLSearchParams, today: string): ReportChoice {
  const ids = (name: string) => (params.get(name) ?? '').split(',').filter(Boolean);
  const interval = params.get('interval') as ReportInterval | null;
  const from = params.get('from');
  const to = params.get('to');
  // Without a range in the address: the last 30 days.
  return {
    from: from && DAY.test(from) ? from : addDays(today, -29),
    to: to && DAY.test(to) ? to : today,
    interval: interval && REPORT_INTERVALS.includes(interval) ? interval : 'day',
    all: ids('all'),
    any: ids('any'),
    none: ids('none'),
    channel: params.get('channel') ?? '',
  };
}

export function paramsFromChoice(choice: ReportChoice, extra: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams(extra);
  params.set('from', choice.from);
  params.set('to', choice.to);
  params.set('interval', choice.interval);
  for (const name of ['all', 'any', 'none'] as const) {
    if (choice[name].length) params.set(name, choice[name].join(','));
    else params.delete(name);
  }
  if (choice.channel.trim()) params.set('channel', choice.channel.trim());
  else params.delete('channel');
  return params;
}

export function requestFromChoice(choice: ReportChoice): SalesReportRequest {
  return {
    from: choice.from,
    to: choice.to,
    interval: choice.interval,
    ...(choice.all.length ? { all: choice.all } : {}),
    ...(choice.any.length ? { any: choice.any } : {}),
    ...(choice.none.length ? { none: choice.none } : {}),
    ...(choice.channel.trim() ? { channel: choice.channel.trim() } : {}),
  };
}
