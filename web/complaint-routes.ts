import { COMPLAINT_ASSIGNERS, COMPLAINT_READERS, COMPLAINT_RECORDERS } from './pages/complaint-access.ts';
import type { createComplaintPages } from './pages/complaints.ts';
import type { Route, RouteParams } from './route-table.ts';

/**
 * The complaint pages' rows (docs/complaints.md): who may open each page at all; each handler then checks
 * the complaint's lot for the person, and a refusal is audited under the complaint.
 */
export function complaintRoutes(complaints: ReturnType<typeof createComplaintPages>): Route[] {
  const refusal = {
    auditedOn: (p: RouteParams) => complaints.complaintIdOf(p.complaintId ?? ''),
    what: 'complaint',
  };
  const id = (p: RouteParams) => p.complaintId ?? '';
  return [
    {
      method: 'GET',
      path: '/complaints-received',
      permission: COMPLAINT_READERS,
      handler: (ctx) => complaints.list(ctx),
    },
    {
      method: 'GET',
      path: '/complaints-received/new',
      permission: COMPLAINT_RECORDERS,
      handler: (ctx) => complaints.newForm(ctx),
    },
    {
      method: 'POST',
      path: '/complaints-received/new',
      permission: COMPLAINT_RECORDERS,
      handler: (ctx) => complaints.keyIn(ctx),
    },
    {
      method: 'GET',
      path: '/complaints-received/:complaintId',
      permission: COMPLAINT_READERS,
      refusal,
      handler: (ctx, p) => complaints.page(ctx, id(p)),
    },
    {
      method: 'POST',
      path: '/complaints-received/:complaintId/acknowledge',
      permission: COMPLAINT_RECORDERS,
      refusal,
      handler: (ctx, p) => complaints.acknowledge(ctx, id(p)),
    },
    {
      method: 'POST',
      path: '/complaints-received/:complaintId/assign',
      permission: COMPLAINT_ASSIGNERS,
      refusal,
      handler: (ctx, p) => complaints.assign(ctx, id(p)),
    },
    {
      method: 'POST',
      path: '/complaints-received/:complaintId/notes',
      permission: COMPLAINT_RECORDERS,
      refusal,
      handler: (ctx, p) => complaints.note(ctx, id(p)),
    },
    {
      method: 'GET',
      path: '/complaints-received/:complaintId/close',
      permission: COMPLAINT_RECORDERS,
      refusal,
      handler: (ctx, p) => complaints.closeForm(ctx, id(p)),
    },
    {
      method: 'POST',
      path: '/complaints-received/:complaintId/close',
      permission: COMPLAINT_RECORDERS,
      refusal,
      handler: (ctx, p) => complaints.close(ctx, id(p)),
    },
    {
      method: 'POST',
      path: '/complaints-received/:complaintId/actions/:number/done',
      permission: COMPLAINT_RECORDERS,
      refusal,
      handler: (ctx, p) => complaints.actionDone(ctx, id(p), p.number ?? ''),
    },
  ] satisfies Route[];
}
