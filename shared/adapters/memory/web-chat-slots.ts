import type { WebChatSlotBookings } from '../../ports/web-chat-slots.ts';

/** Web chat slot bookings in memory: the DynamoDB store's twin, held to the same contract (test/contract). */
export class InMemoryWebChatSlotBookings implements WebChatSlotBookings {
  private readonly holders = new Map<string, Set<string>>();

  async bookedBetween(from: Date, to: Date): Promise<ReadonlyMap<string, number>> {
    const booked = new Map<string, number>();
    for (const [slot, holders] of [...this.holders].sort(([a], [b]) => a.localeCompare(b))) {
      const at = Date.parse(slot);
      if (at >= from.getTime() && at < to.getTime()) booked.set(slot, holders.size);
    }
    return booked;
  }

  async book(slot: Date, holder: string, capacity: number): Promise<'booked' | 'full'> {
    const key = slot.toISOString();
    const holders = this.holders.get(key) ?? new Set<string>();
    if (holders.has(holder)) return 'booked';
    if (holders.size >= capacity) return 'full';
    this.holders.set(key, holders.add(holder));
    return 'booked';
  }
}
