import type { LocalDate } from '../../domain/calendar.ts';
import {
  type RotaChange,
  type RotaCover,
  type SavedRotaPattern,
  validateRotaChange,
} from '../../domain/open-chat-rota.ts';
import type { OpenChatRotaStore } from '../../ports/open-chat-rota.ts';
import { kept } from './kept.ts';

const newestFirst = (a: RotaChange, b: RotaChange) =>
  b.at.getTime() - a.at.getTime() || b.changeId.localeCompare(a.changeId);

/** The call-taking rota in memory: the DynamoDB store's twin, held to the same contract (test/contract/open-chat-rota.test.ts). */
export class InMemoryOpenChatRota implements OpenChatRotaStore {
  private saved: SavedRotaPattern | undefined;
  private readonly cover = new Map<LocalDate, RotaCover>();
  private readonly kept = new Map<string, RotaChange>();

  async pattern(): Promise<SavedRotaPattern | undefined> {
    return this.saved && kept(this.saved);
  }

  async covers(from: LocalDate, to: LocalDate): Promise<RotaCover[]> {
    return [...this.cover.values()]
      .filter((c) => c.date >= from && c.date <= to)
      .sort((a, b) => a.date.localeCompare(b.date))
      .map(kept);
  }

  async change(change: RotaChange): Promise<'kept' | 'already-kept'> {
    validateRotaChange(change);
    if (this.kept.has(change.changeId)) return 'already-kept';
    this.kept.set(change.changeId, kept(change));
    if (change.kind === 'pattern')
      this.saved = kept({ days: change.days, changedBy: change.by, changedAt: change.at });
    else
      this.cover.set(
        change.date,
        kept({ date: change.date, staffId: change.staffId, changedBy: change.by, changedAt: change.at }),
      );
    return 'kept';
  }

  async changes(limit: number): Promise<RotaChange[]> {
    return [...this.kept.values()].sort(newestFirst).slice(0, limit).map(kept);
  }
}
