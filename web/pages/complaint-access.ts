import type { Complaint, Lot } from '../../shared/domain/complaints.ts';
import { may, type Permission, type Role } from '../../shared/domain/roles.ts';

/**
 * Who may do what with a lot's complaints (docs/complaints.md): Victim First's (Lot 1) are its caseworkers'
 * and team leaders' (a team leader assigns them); the home-security service's (Lot 2) are the contractor's,
 * and the commissioner's analyst reads them.
 */
const LOT_PERMISSIONS: Readonly<Record<Lot, { read: Permission; record: Permission; assign: Permission }>> = {
  1: { read: 'complaints:read', record: 'complaints:record', assign: 'complaints:assign' },
  2: { read: 'th-complaints:read', record: 'th-complaints:record', assign: 'th-complaints:record' },
};

/** The permissions that open the complaint pages at all (the route table's rows). */
export const COMPLAINT_READERS: readonly Permission[] = ['complaints:read', 'th-complaints:read'];
export const COMPLAINT_RECORDERS: readonly Permission[] = ['complaints:record', 'th-complaints:record'];
export const COMPLAINT_ASSIGNERS: readonly Permission[] = ['complaints:assign', 'th-complaints:record'];

export const lotsReadBy = (roles: readonly Role[]): Lot[] =>
  ([1, 2] as const).filter((lot) => may(roles, LOT_PERMISSIONS[lot].read));
export const lotsRecordedBy = (roles: readonly Role[]): Lot[] =>
  ([1, 2] as const).filter((lot) => may(roles, LOT_PERMISSIONS[lot].record));

export const mayRead = (roles: readonly Role[], c: Pick<Complaint, 'lot'>) =>
  may(roles, LOT_PERMISSIONS[c.lot].read);
export const mayRecord = (roles: readonly Role[], c: Pick<Complaint, 'lot'>) =>
  may(roles, LOT_PERMISSIONS[c.lot].record);
export const mayAssign = (roles: readonly Role[], c: Pick<Complaint, 'lot'>) =>
  may(roles, LOT_PERMISSIONS[c.lot].assign);
