import type { LocalDate } from '../domain/calendar.ts';
import type { RotaChange, RotaCover, SavedRotaPattern } from '../domain/open-chat-rota.ts';

/**
 * The open web chat's call-taking rota as team leaders keep it (docs/data-model.md: open chat rota pattern,
 * cover, change): the weekly pattern, cover for single dates, and every change with who made it and when.
 */
export interface OpenChatRotaStore {
  /** The weekly pattern last saved; undefined until a team leader saves one. */
  pattern(): Promise<SavedRotaPattern | undefined>;
  /** The cover set for the dates from `from` to `to` (both included), by date. */
  covers(from: LocalDate, to: LocalDate): Promise<RotaCover[]>;
  /**
   * Keeps a change and applies it (the pattern replaced, or the date's cover set), all at once and once per
   * `changeId`: the same change sent again is `already-kept` and changes nothing. InvalidRotaChangeError,
   * naming the field, for a change that is not well formed.
   */
  change(change: RotaChange): Promise<'kept' | 'already-kept'>;
  /** The latest changes, newest first, at most `limit` of them. */
  changes(limit: number): Promise<RotaChange[]>;
}
