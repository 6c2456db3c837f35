import type { ReturnFormat } from '../domain/reporting/return-formats.ts';
import type { StoredReturn } from '../domain/reporting/stored-returns.ts';

/**
 * The commissioner's quarterly returns as produced (docs/reporting.md): S3 in AWS
 * (`returns/<2026-27-Q2>.<format>`), `<data>/reports/` locally. Written by the scheduled function (and
 * locally `vf report quarterly`), read by the analyst in the web app.
 */
export interface ReturnStore {
  /** Stores one format of a quarter's return, replacing what was stored for it. Throws InvalidQuarterError. */
  put(quarter: string, format: ReturnFormat, body: Uint8Array | string): Promise<void>;
  /** Every quarter with something stored, the newest quarter first. */
  list(): Promise<StoredReturn[]>;
  /** What is stored for the quarter in that format, or undefined. Throws InvalidQuarterError. */
  get(quarter: string, format: ReturnFormat): Promise<Uint8Array | undefined>;
}
