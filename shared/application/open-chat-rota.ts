import { type LocalDate, localDateOf } from '../domain/calendar.ts';
import type { OpenChatRota } from '../domain/open-chat.ts';
import { callTakerOn, type RotaAsKept, type RotaSource } from '../domain/open-chat-rota.ts';
import type { OpenChatRotaStore } from '../ports/open-chat-rota.ts';

/** Where the call-taking rota is read from: the store team leaders keep, and the configured starting pattern. */
export interface RotaReading {
  readonly store: Pick<OpenChatRotaStore, 'pattern' | 'covers'>;
  /** OPEN_CHAT_ROTA (or DEFAULT_OPEN_CHAT_ROTA): the pattern until a team leader saves one. */
  readonly configured: OpenChatRota;
}

/** The rota as it stands for a span of local dates (both included): two reads, the pattern and the covers. */
export async function rotaFor(deps: RotaReading, from: LocalDate, to: LocalDate): Promise<RotaAsKept> {
  const [saved, covers] = await Promise.all([deps.store.pattern(), deps.store.covers(from, to)]);
  return { configured: deps.configured, saved, covers };
}

/** Each local date's call-taker (none: nobody) and where it comes from. */
export async function callTakersOn(
  deps: RotaReading,
  dates: readonly LocalDate[],
): Promise<Array<{ readonly date: LocalDate; readonly staffId?: string; readonly from: RotaSource }>> {
  const first = dates[0];
  const last = dates.at(-1);
  if (first === undefined || last === undefined) return [];
  const rota = await rotaFor(deps, first, last);
  return dates.map((date) => ({ date, ...callTakerOn(date, rota) }));
}

/** Who is on call-taking at an instant (by the service's local day), if anyone. */
export async function callTakerNow(deps: RotaReading, at: Date): Promise<string | undefined> {
  const [today] = await callTakersOn(deps, [localDateOf(at)]);
  return today?.staffId;
}
