import type {
  Complaint,
  ComplaintAction,
  ComplaintAlert,
  ComplaintNote,
  Finding,
  Lot,
} from '../../domain/complaints.ts';
import type { ComplaintStore, Once } from '../../ports/complaints.ts';
import { kept } from './kept.ts';

/** The complaints in memory: the DynamoDB store's twin, held to test/contract/complaints.test.ts. */
export class InMemoryComplaints implements ComplaintStore {
  private readonly complaints = new Map<string, Complaint>();

  private change(complaintId: string, change: (c: Complaint) => Complaint | 'already'): Once {
    const found = this.complaints.get(complaintId);
    if (!found) return 'not-found';
    const changed = change(found);
    if (changed === 'already') return 'already';
    this.complaints.set(complaintId, kept(changed));
    return 'done';
  }

  async receive(complaint: Complaint): Promise<'received' | 'already-received'> {
    const copy = kept(complaint);
    if (this.complaints.has(complaint.complaintId)) return 'already-received';
    this.complaints.set(complaint.complaintId, copy);
    return 'received';
  }

  async get(complaintId: string): Promise<Complaint | undefined> {
    const found = this.complaints.get(complaintId);
    return found && kept(found);
  }

  async acknowledge(
    complaintId: string,
    acknowledged: NonNullable<Complaint['acknowledged']>,
  ): Promise<Once> {
    return this.change(complaintId, (c) => (c.acknowledged ? 'already' : { ...c, acknowledged }));
  }

  async assign(complaintId: string, assignee: string): Promise<Once> {
    return this.change(complaintId, (c) => ({ ...c, assignee }));
  }

  async addNote(complaintId: string, note: ComplaintNote): Promise<Once> {
    return this.change(complaintId, (c) =>
      c.notes.some((n) => n.noteId === note.noteId)
        ? 'already'
        : {
            ...c,
            notes: [...c.notes, note].sort(
              (a, b) => a.at.getTime() - b.at.getTime() || (a.noteId < b.noteId ? -1 : 1),
            ),
          },
    );
  }

  async raiseAlert(complaintId: string, alert: ComplaintAlert, at: Date): Promise<Once> {
    return this.change(complaintId, (c) =>
      c.alerts.some((a) => a.alert === alert)
        ? 'already'
        : { ...c, alerts: [...c.alerts, { alert, at }].sort((a, b) => a.at.getTime() - b.at.getTime()) },
    );
  }

  async close(
    complaintId: string,
    closed: { finding: Finding; summary: string; by: string; at: Date },
    actions: readonly ComplaintAction[],
  ): Promise<Once> {
    return this.change(complaintId, (c) => (c.closed ? 'already' : { ...c, closed, actions: [...actions] }));
  }

  async completeAction(complaintId: string, number: number, done: { by: string; at: Date }): Promise<Once> {
    const found = this.complaints.get(complaintId);
    if (!found?.actions.some((a) => a.number === number)) return 'not-found';
    return this.change(complaintId, (c) =>
      c.actions.some((a) => a.number === number && a.done)
        ? 'already'
        : { ...c, actions: c.actions.map((a) => (a.number === number ? { ...a, done } : a)) },
    );
  }

  async listOpen(lot: Lot, limit: number): Promise<Complaint[]> {
    return [...this.complaints.values()]
      .filter((c) => c.lot === lot && !c.closed)
      .sort(
        (a, b) => a.respondBy.getTime() - b.respondBy.getTime() || (a.complaintId < b.complaintId ? -1 : 1),
      )
      .slice(0, limit)
      .map(kept);
  }

  async listClosed(lot: Lot, limit: number): Promise<Complaint[]> {
    return [...this.complaints.values()]
      .filter((c) => c.lot === lot && c.closed)
      .sort(
        (a, b) =>
          (b.closed?.at.getTime() ?? 0) - (a.closed?.at.getTime() ?? 0) ||
          (a.complaintId < b.complaintId ? 1 : -1),
      )
      .slice(0, limit)
      .map(kept);
  }

  async listForPeriod(from: Date, to: Date): Promise<Complaint[]> {
    const within = (at: Date | undefined) => at !== undefined && at >= from && at < to;
    return [...this.complaints.values()]
      .filter((c) => within(c.receivedAt) || within(c.closed?.at))
      .sort((a, b) => (a.complaintId < b.complaintId ? -1 : 1))
      .map(kept);
  }
}
