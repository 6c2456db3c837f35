import * as z from 'zod';
import { type LogContactDeps, logContact } from '../../../shared/application/log-contact.ts';
import { SupportClosedError } from '../../../shared/domain/case-support.ts';
import type { Contact } from '../../../shared/domain/contact-log.ts';
import { callMinutes } from '../../../shared/domain/phone-call.ts';
import type { Clock } from '../../../shared/ports/clock.ts';
import type { PhoneCalls } from '../../../shared/ports/phone-calls.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';

export interface RecordPhoneCallDeps extends LogContactDeps {
  readonly calls: Pick<PhoneCalls, 'matchOf'>;
  readonly clock: Clock;
  /** Each caseworker's Amazon Connect user id, by their staff id (context `connectAgents`). */
  readonly agents: Readonly<Record<string, string>>;
}

/** What became of a contact event. */
export type PhoneCallOutcome =
  | { readonly status: 'logged'; readonly caseId: string; readonly contactId: string; readonly by: string }
  | {
      readonly status: 'ignored';
      readonly reason: 'not-a-call-ending' | 'no-case' | 'not-answered' | 'case-closed';
    };

// Amazon Connect's contact event on EventBridge (detail-type "Amazon Connect Contact Event"): the fields this
// function reads; anything else in it is ignored, as the data model asks of consumers.
const ContactEvent = z.object({
  'detail-type': z.literal('Amazon Connect Contact Event'),
  detail: z.object({
    eventType: z.string(),
    contactId: z.string().min(1),
    channel: z.string(),
    initiationMethod: z.string().optional(),
    disconnectTimestamp: z.iso.datetime({ offset: true }).optional(),
    agentInfo: z
      .object({
        agentArn: z.string().optional(),
        connectedToAgentTimestamp: z.iso.datetime({ offset: true }).optional(),
      })
      .nullish(),
  }),
});

/** What the contact log says of a call logged from the 0800 line (no detail of the call itself). */
export const PHONE_LINE_NOTE = 'A call to the 0800 line, logged when it ended.';

/** The staff id whose Connect user an agent ARN (`…/agent/<user id>`) names, or `connect-agent:<user id>`. */
export function staffIdOfAgent(agents: Readonly<Record<string, string>>, agentArn: string): string {
  const userId = agentArn.split('/agent/')[1] ?? agentArn;
  const staff = Object.entries(agents).find(([, id]) => id === userId)?.[0];
  return staff ?? `connect-agent:${userId}`;
}

/**
 * After a call on the 0800 line (docs/web-app.md, "The 0800 line"): Connect's DISCONNECTED contact event
 * for a voice call matched to a case while it rang is logged on that case as a telephone contact from the
 * victim, with its length from when an agent took it to when it ended, and who took it — through the one
 * contact-logging service, keyed by Connect's contact id, so a repeated event logs one contact. A call no
 * one answered, or matched to no case, logs nothing; nor does a call on a case closed since. Ids only in
 * the logs.
 */
export function createRecordPhoneCall(deps: RecordPhoneCallDeps) {
  async function record(event: unknown): Promise<PhoneCallOutcome> {
    const parsed = ContactEvent.safeParse(event);
    if (!parsed.success) {
      logger.warn('victim line: contact event refused', {
        fields: parsed.error.issues.map((issue) => issue.path.join('.')),
      });
      return { status: 'ignored', reason: 'not-a-call-ending' };
    }
    const { detail } = parsed.data;
    if (detail.eventType !== 'DISCONNECTED' || detail.channel !== 'VOICE')
      return { status: 'ignored', reason: 'not-a-call-ending' };
    const { contactId } = detail;
    const matched = await deps.calls.matchOf(contactId);
    if (!matched) return { status: 'ignored', reason: 'no-case' };
    const agentArn = detail.agentInfo?.agentArn;
    const connectedAt = detail.agentInfo?.connectedToAgentTimestamp;
    if (!agentArn || !connectedAt) {
      logger.info('victim line: call ended before an agent took it', { contactId, caseId: matched.caseId });
      return { status: 'ignored', reason: 'not-answered' };
    }
    const now = deps.clock.now();
    const endedAt = detail.disconnectTimestamp ? new Date(detail.disconnectTimestamp) : now;
    const by = staffIdOfAgent(deps.agents, agentArn);
    const contact: Contact = {
      contactId,
      caseId: matched.caseId,
      at: new Date(connectedAt),
      channel: 'telephone',
      direction: 'from-victim',
      support: [],
      durationMinutes: callMinutes(new Date(connectedAt), endedAt),
      notes: PHONE_LINE_NOTE,
      by,
      recordedAt: now,
    };
    try {
      await logContact(deps, contact, { role: 'caseworker' });
    } catch (error) {
      if (!(error instanceof SupportClosedError)) throw error;
      logger.info('victim line: case closed, call not logged', { contactId, caseId: matched.caseId });
      return { status: 'ignored', reason: 'case-closed' };
    }
    logger.info('victim line: call logged', { contactId, caseId: matched.caseId });
    return { status: 'logged', caseId: matched.caseId, contactId, by };
  }

  // An error thrown is retried by EventBridge's asynchronous invocation, then lands in the dead-letter queue.
  return lambdaHandler(async (event: unknown): Promise<PhoneCallOutcome> => record(event));
}
