// Wall-clock times of a named time zone to UTC instants, with Intl's IANA data (no library needed).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** How far the zone's clocks are ahead of UTC at `instant` (milliseconds since the epoch), in milliseconds. */
export function zoneOffset(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which clocks in `timeZone` showed `wall` (the wall-clock fields written as if UTC, milliseconds).
 * Where the clocks went back, the wall time happened twice and the earlier instant is taken; where they went
 * forward, the wall time never happened and is read with the offset from before the change (so it lands after
 * the gap). Both are what Temporal calls the "compatible" choice, and what most calendars do.
 */
export function wallTimeToInstant(wall: number, timeZone: string): number {
  const day = 86_400_000;
  const before = zoneOffset(wall - day, timeZone);
  const after = zoneOffset(wall + day, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((instant) => instant + zoneOffset(instant, timeZone) === wall);
  if (candidates.length === 0) return wall - before;
  return Math.min(...candidates);
}

const DAY = 86_400_000;

/** The calendar day (YYYY-MM-DD) that clocks in `timeZone` show at `instant`. */
export function localDay(instant: number, timeZone: string): string {
  return new Date(instant + zoneOffset(instant, timeZone)).toISOString().slice(0, 10);
}

/** The instant a calendar day (YYYY-MM-DD) starts in `timeZone`. */
export function startOfDay(day: string, timeZone: string): Date {
  return new Date(wallTimeToInstant(Date.parse(`${day}T00:00:00Z`), timeZone));
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}
