import { parseQuarter } from './quarters.ts';
import { isReturnFormat, RETURN_FORMATS, type ReturnFormat } from './return-formats.ts';

// The quarterly returns as stored (shared/ports/return-store.ts): their file names and media types.

/** One quarter's stored return: the formats kept for it and when the last of them was written. */
export interface StoredReturn {
  /** `2026/27-Q2`. */
  readonly quarter: string;
  /** The formats stored, in RETURN_FORMATS order. */
  readonly formats: readonly ReturnFormat[];
  readonly storedAt: Date;
}

/** The media type each format is stored and served with. */
export const RETURN_MEDIA_TYPES: Readonly<Record<ReturnFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};

const STEM = /^(\d{4})-(\d{2})-(Q[1-4])$/;

/**
 * A quarter as file names and keys write it, without the slash: `2026/27-Q2` → `2026-27-Q2`. Throws
 * InvalidQuarterError for anything that is not a quarter.
 */
export const returnStem = (quarter: string): string => parseQuarter(quarter).name.replace('/', '-');

/**
 * The quarter a stem names (`2026-27-Q2`, or the quarter's own name `2026/27-Q2`) as `2026/27-Q2`. Throws
 * InvalidQuarterError, quoting the text, for anything else.
 */
export function quarterOfStem(stem: string): string {
  const match = STEM.exec(stem);
  return parseQuarter(match ? `${match[1]}/${match[2]}-${match[3]}` : stem).name;
}

/** `2026-27-Q2.pdf` for the quarter and format. */
export const returnFileName = (quarter: string, format: ReturnFormat): string =>
  `${returnStem(quarter)}.${format}`;

/** The quarter and format a stored file's name (`2026-27-Q2.pdf`) says, or undefined for any other name. */
export function parseReturnFileName(name: string): { quarter: string; format: ReturnFormat } | undefined {
  const dot = name.lastIndexOf('.');
  const stem = name.slice(0, dot);
  const format = name.slice(dot + 1);
  if (dot <= 0 || !STEM.test(stem) || !isReturnFormat(format)) return undefined;
  try {
    return { quarter: quarterOfStem(stem), format };
  } catch {
    return undefined;
  }
}

/** Stored files (name, when written) gathered per quarter, the newest quarter first. */
export function storedReturnsOf(files: Iterable<{ name: string; storedAt: Date }>): StoredReturn[] {
  const quarters = new Map<string, { formats: Set<ReturnFormat>; storedAt: Date }>();
  for (const file of files) {
    const parsed = parseReturnFileName(file.name);
    if (!parsed) continue;
    const entry = quarters.get(parsed.quarter) ?? { formats: new Set(), storedAt: file.storedAt };
    entry.formats.add(parsed.format);
    if (file.storedAt > entry.storedAt) entry.storedAt = file.storedAt;
    quarters.set(parsed.quarter, entry);
  }
  return [...quarters]
    .map(([quarter, { formats, storedAt }]) => ({
      quarter,
      formats: RETURN_FORMATS.filter((format) => formats.has(format)),
      storedAt,
    }))
    .sort((a, b) => parseQuarter(b.quarter).from.getTime() - parseQuarter(a.quarter).from.getTime());
}
