/**
 * A value as the table keeps it: its own deep copy, with no field left undefined and each date written as
 * the table writes it (an invalid date is refused, RangeError).
 */
export function kept<T>(value: T): T {
  if (value instanceof Date) return new Date(value.toISOString()) as T;
  if (Array.isArray(value)) return value.map(kept) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, field]) => field !== undefined)
        .map(([key, field]) => [key, kept(field)]),
    ) as T;
  return value;
}
