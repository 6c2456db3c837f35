/**
 * How the intake formats write coded values: people type "Prefer not to say" or "SMS text"; the model
 * holds `prefer-not-to-say` and `sms`. One conversion for every route.
 */

/** Turns a label as people write it into the model's code ("Gay or lesbian" → "gay-or-lesbian"). */
export function toCode(label: string): string {
  return label
    .trim()
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** A list written with semicolons (or commas) as codes; an empty cell is an empty list. */
export function toCodeList(cell: string): string[] {
  return cell
    .split(/[;,]/)
    .map(toCode)
    .filter((code) => code.length > 0);
}

const YES = new Set(['y', 'yes', 'true', '1']);
const NO = new Set(['n', 'no', 'false', '0']);

/** Y/N, Yes/No, true/false; anything else is left as written so validation names it. */
export function toBoolean(cell: string): boolean | string {
  const value = cell.trim().toLowerCase();
  if (YES.has(value)) return true;
  if (NO.has(value)) return false;
  return cell;
}

/** Leaves a cell out altogether when it is blank, so optional fields stay absent. */
export function present(cell: string | undefined): string | undefined {
  const value = cell?.trim();
  return value ? value : undefined;
}
