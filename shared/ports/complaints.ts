import type {
  Complaint,
  ComplaintAction,
  ComplaintAlert,
  ComplaintNote,
  Finding,
  Lot,
} from '../domain/complaints.ts';

/** A change that is kept once: `done` the first time (or the same again), `already` when another came first. */
export type Once = 'done' | 'already' | 'not-found';

/** The complaints (docs/data-model.md, complaint): one item each, every write conditional and idempotent. */
export interface ComplaintStore {
  /** Keeps a new complaint: `already-received` when its id is kept (the same form sent again). */
  receive(complaint: Complaint): Promise<'received' | 'already-received'>;
  get(complaintId: string): Promise<Complaint | undefined>;
  /** Marks it acknowledged once; a second acknowledgement changes nothing (`already`). */
  acknowledge(complaintId: string, acknowledged: NonNullable<Complaint['acknowledged']>): Promise<Once>;
  /** Assigns it to a person (again: the latest assignment stands). */
  assign(complaintId: string, assignee: string): Promise<Once>;
  /** Adds an investigation note, kept once by its id. */
  addNote(complaintId: string, note: ComplaintNote): Promise<Once>;
  /** Records a clock alert once (the same alert again changes nothing). */
  raiseAlert(complaintId: string, alert: ComplaintAlert, at: Date): Promise<Once>;
  /** Closes it with its finding and actions, once: `already` when it is closed. */
  close(
    complaintId: string,
    closed: { finding: Finding; summary: string; by: string; at: Date },
    actions: readonly ComplaintAction[],
  ): Promise<Once>;
  /** Marks an action done once. */
  completeAction(complaintId: string, number: number, done: { by: string; at: Date }): Promise<Once>;
  /** A lot's open complaints, the nearest response deadline first (an index, never a Scan). */
  listOpen(lot: Lot, limit: number): Promise<Complaint[]>;
  /** A lot's closed complaints, the latest closed first. */
  listClosed(lot: Lot, limit: number): Promise<Complaint[]>;
  /** Complaints received, or closed, in `[from, to)`: read day by day from indexes (the quarterly return). */
  listForPeriod(from: Date, to: Date): Promise<Complaint[]>;
}
