/**
 * Who has booked which secure web chat slot (docs/service-rules.md, rule 9; docs/public-pages.md). A slot
 * is offered to a victim only while it has room, and taking it is one conditional write, so two victims
 * choosing the same slot at once cannot both have it.
 */

export interface WebChatSlotBookings {
  /** How many bookings each slot starting in [from, to) holds, by the slot's ISO instant; free slots absent. */
  bookedBetween(from: Date, to: Date): Promise<ReadonlyMap<string, number>>;
  /**
   * Books the slot for `holder` (a referral's submission id): `booked` when there was room or the holder
   * already has it (a retried submission), `full` when `capacity` others have it.
   */
  book(slot: Date, holder: string, capacity: number): Promise<'booked' | 'full'>;
}
