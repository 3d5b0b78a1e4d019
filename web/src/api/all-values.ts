/**
 * A server union listed at run time (the options of a select). Importing the server's own constant would
 * bundle TypeBox, so the list is written here and checked against the union both ways: a value the server
 * does not know, or one the server added and the list lacks, fails the type check.
 */
export function allValues<T extends string>() {
  return <const L extends readonly T[]>(
    values: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ): L => values;
}
