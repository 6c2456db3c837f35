import * as z from 'zod';
import {
  DEFAULT_SERVICE_HOURS,
  isWithinServiceHours,
  type ServiceHours,
} from '../../../shared/domain/calendar.ts';
import { ownerStatus } from '../../../shared/domain/case-ownership.ts';
import type { CaseOwners } from '../../../shared/ports/case-owners.ts';
import type { CaseSearch } from '../../../shared/ports/case-search.ts';
import type { Clock } from '../../../shared/ports/clock.ts';
import type { PhoneCalls } from '../../../shared/ports/phone-calls.ts';
import { agentArnOf } from '../../connect-config.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';
import type { CallerMatch, CallRoute } from '../victim-phone-line/flow.ts';

export interface MatchCallerDeps {
  readonly search: Pick<CaseSearch, 'casesByPhone'>;
  readonly owners: Pick<CaseOwners, 'getOwner'>;
  readonly calls: Pick<PhoneCalls, 'recordMatch'>;
  readonly clock: Clock;
  /** Each caseworker's Amazon Connect user id, by their staff id (context `connectAgents`). */
  readonly agents: Readonly<Record<string, string>>;
  readonly hours?: ServiceHours;
}

/** How many of a number's cases are looked at, newest first, for one not closed. */
const CASES_LOOKED_AT = 10;

// The event Amazon Connect sends from the 0800 line's "Invoke AWS Lambda function" block: the calling
// number (E.164; absent or empty when withheld) in the contact's data.
const ConnectEvent = z.object({
  Name: z.literal('ContactFlowEvent'),
  Details: z.object({
    ContactData: z.object({
      ContactId: z.string().min(1),
      InstanceARN: z.string().regex(/^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f-]+$/),
      CustomerEndpoint: z.object({ Address: z.string().nullish() }).nullish(),
    }),
  }),
});

const E164 = /^\+[1-9]\d{6,14}$/;

const answer = (route: CallRoute, caseId = '', agentArn = ''): CallerMatch => ({ route, caseId, agentArn });

/**
 * The 0800 line's caller match (docs/web-app.md, "The 0800 line"): the caller's number, as Connect gives it,
 * looked up under the phone search key intake writes for each number a victim gave (one Query, never a
 * Scan); the newest of their cases not closed is the call's case. The match is kept by contact id for the
 * call's contact events, and the answer tells the flow where to route it: to the case's caseworker's agent
 * queue when they have one in Connect, else to the call-takers, with the case id either way. Out of service
 * hours (bank holidays, which Connect's weekly hours do not know) it answers `closed`. It never throws: the
 * caller must reach a person, so a failure answers `unmatched`. No number is logged.
 */
export function createMatchCaller(deps: MatchCallerDeps) {
  async function match(event: unknown): Promise<CallerMatch> {
    const parsed = ConnectEvent.safeParse(event);
    if (!parsed.success) {
      logger.warn('victim line: connect event refused', {
        fields: parsed.error.issues.map((issue) => issue.path.join('.')),
      });
      return answer('unmatched');
    }
    const {
      ContactId: contactId,
      InstanceARN: instanceArn,
      CustomerEndpoint,
    } = parsed.data.Details.ContactData;
    const now = deps.clock.now();
    if (!isWithinServiceHours(now, deps.hours ?? DEFAULT_SERVICE_HOURS)) {
      logger.info('victim line: call out of service hours', { contactId });
      return answer('closed');
    }
    const number = CustomerEndpoint?.Address ?? '';
    if (!E164.test(number)) {
      logger.info('victim line: number withheld or not E.164', { contactId });
      return answer('unmatched');
    }
    const caseIds = await deps.search.casesByPhone(number, { limit: CASES_LOOKED_AT });
    for (const caseId of caseIds) {
      const owner = await deps.owners.getOwner(caseId);
      if (ownerStatus(owner) === 'closed') continue;
      const caseworker = owner?.owner;
      await deps.calls.recordMatch({
        contactId,
        caseId,
        ...(caseworker === undefined ? {} : { caseworker }),
        matchedAt: now,
      });
      const agentArn = agentArnOf({ instanceArn, agents: deps.agents }, caseworker);
      const route: CallRoute = agentArn === undefined ? 'call-takers' : 'caseworker';
      logger.info('victim line: call matched', { contactId, caseId, route });
      return answer(route, caseId, agentArn);
    }
    logger.info('victim line: no open case for the number', { contactId, cases: caseIds.length });
    return answer('unmatched');
  }

  return lambdaHandler(async (event: unknown): Promise<CallerMatch> => {
    try {
      return await match(event);
    } catch (error) {
      logger.error('victim line: caller match failed', { error: (error as Error).name });
      return answer('unmatched');
    }
  });
}
