import { randomUUID } from 'node:crypto';
import {
  type PhoneCallOutcome,
  staffIdOfAgent,
} from '../../functions/contact/record-phone-call/record-phone-call.ts';
import {
  type CallerMatch,
  hoursOfOperationOf,
  victimLineFlow,
} from '../../functions/contact/victim-phone-line/flow.ts';
import type { CallAnswer } from '../../functions/target-hardening/connect-emergency/connect-emergency.ts';
import { LOCAL_CONNECT_INSTANCE_ARN } from '../../infra/app.ts';
import { InvalidPhoneNumberError, parsePhoneNumber } from '../../shared/domain/phone.ts';
import { LOCAL_PEOPLE } from '../../web/people.ts';
import { dataDirectory } from '../environment.ts';
import {
  connectCallEndedEvent,
  connectCallEvent,
  connectEmergencyEvent,
  localContext,
} from '../lambda-events.ts';
import { LOCAL_CONNECT_AGENTS, playCall } from '../phone-line.ts';
import { openLocalSystem } from '../system/local-system.ts';
import { VirtualClock } from '../system/virtual-clock.ts';
import { openLocalSystemAtItsTime } from './local-time.ts';
import { type Output, UsageError } from './output.ts';

/**
 * `vf phone emergency --referrer N --pin P --reference R [--from NUMBER]`: a call to the emergency
 * target-hardening line, as Amazon Connect's contact flow makes it — the keyed digits sent to the connect
 * function in a Connect-shaped event, from the calling number given (a synthetic one by default).
 * Prints what the caller would hear; with `--json`, the function's attribute map as the last line.
 */
export async function phoneEmergencyCommand(
  options: { referrer: string; pin: string; reference: string; from?: string; json?: boolean },
  out: Output,
): Promise<void> {
  const { system, running } = await openLocalSystemAtItsTime(dataDirectory());
  try {
    const answer = (await system.handlers.connectEmergency(
      connectEmergencyEvent(
        { referrer: options.referrer, pin: options.pin, reference: options.reference },
        randomUUID(),
        ...(options.from === undefined ? [] : [options.from]),
      ),
      localContext('connect-emergency', 8000),
    )) as CallAnswer;
    // Without vf start, the job's first steps (the contractor's alert) run now; with it, its engine runs them.
    if (!running) await system.engine.runDue();
    out.line(answer.message);
    if (options.json) out.json(answer);
    if (answer.result !== 'created' && answer.result !== 'existing') process.exitCode = 1;
  } finally {
    await system.close();
  }
}

/** Locally, the call-takers' queue is answered by this person on the rota (a caseworker's Connect user). */
export const LOCAL_CALL_TAKER = 'caseworker.three';

const LOCAL_LINE = {
  hoursOfOperationArn: `${LOCAL_CONNECT_INSTANCE_ARN}/operating-hours/victim-line`,
  matchFunctionArn: `arn:aws:lambda:${LOCAL_CONNECT_INSTANCE_ARN.split(':')[3]}:${LOCAL_CONNECT_INSTANCE_ARN.split(':')[4]}:function:match-caller`,
  callTakersQueueArn: `${LOCAL_CONNECT_INSTANCE_ARN}/queue/call-takers`,
};

const nameOf = (id: string) => LOCAL_PEOPLE.find((person) => person.id === id)?.name ?? id;

function instantOption(text: string): Date {
  const at = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(at.getTime()))
    throw new UsageError(
      `--at must be a date and time in ISO 8601, like 2026-12-15T10:00:00Z (got "${text}")`,
    );
  return at;
}

/**
 * `vf phone call --from NUMBER [--at ISO] [--minutes N] [--caseworker-away]`: a call to the 0800 line,
 * played through the very contact flow the CDK app deploys (local/phone-line.ts) on the local system: the
 * hours Connect holds, the caller-match function with a Connect-shaped event, the caseworker's availability,
 * the queue. A call put through is answered, lasts `--minutes`, and ends: the contact event Connect would
 * send then goes to the record-phone-call function, which logs it on the case. Prints what the caller
 * heard, where the call went and what was logged; with `--json`, a summary as the last line.
 */
export async function phoneCallCommand(
  options: { from: string; at?: string; minutes?: string; caseworkerAway?: boolean; json?: boolean },
  out: Output,
): Promise<void> {
  let number: string;
  try {
    number = parsePhoneNumber(options.from).e164;
  } catch (error) {
    if (!(error instanceof InvalidPhoneNumberError)) throw error;
    throw new UsageError(`--from ${error.message}: give the number called from, like "07700 900036"`);
  }
  const minutes = Number(options.minutes ?? '12');
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 600)
    throw new UsageError(`--minutes must be a whole number from 1 to 600 (got "${options.minutes}")`);
  const at = options.at === undefined ? undefined : instantOption(options.at);
  const { system } =
    at === undefined
      ? await openLocalSystemAtItsTime(dataDirectory())
      : { system: await openLocalSystem({ dataDir: dataDirectory(), clock: new VirtualClock(at) }) };
  try {
    const contactId = randomUUID();
    const callAt = system.clock.now();
    const played = await playCall(victimLineFlow(LOCAL_LINE), {
      at: callAt,
      hours: hoursOfOperationOf(),
      invoke: async (arn) => {
        if (arn !== LOCAL_LINE.matchFunctionArn) throw new Error(`no function ${arn}`);
        return (await system.handlers.matchCaller(
          connectCallEvent(contactId, number),
          localContext('match-caller', 8000),
        )) as CallerMatch;
      },
      agentsAvailable: () => (options.caseworkerAway ? 0 : 1),
    });
    for (const heard of played.heard) out.line(`Caller hears: "${heard}"`);
    const caseId = played.attributes.caseId;
    const takenBy = !played.queued
      ? undefined
      : 'agentArn' in played.queued
        ? staffIdOfAgent(LOCAL_CONNECT_AGENTS, played.queued.agentArn)
        : LOCAL_CALL_TAKER;
    if (!played.queued) out.line('The call ended: nobody was put through.');
    else if ('agentArn' in played.queued)
      out.line(`Routed to ${nameOf(takenBy ?? '')} (${takenBy}), the caseworker of case ${caseId}.`);
    else
      out.line(
        caseId
          ? `Routed to the call-takers' queue with case ${caseId} on screen; taken by ${nameOf(LOCAL_CALL_TAKER)} (${LOCAL_CALL_TAKER}).`
          : `Routed to the call-takers' queue: no open case has this number; taken by ${nameOf(LOCAL_CALL_TAKER)} (${LOCAL_CALL_TAKER}).`,
      );
    let logged = false;
    if (played.queued && takenBy) {
      // The call is answered at once and lasts `minutes`; then Connect's DISCONNECTED event.
      const endedAt = new Date(callAt.getTime() + minutes * 60_000);
      const outcome = (await system.handlers.recordPhoneCall(
        connectCallEndedEvent({
          contactId,
          initiatedAt: callAt,
          endedAt,
          agent: {
            agentArn: `${LOCAL_CONNECT_INSTANCE_ARN}/agent/${LOCAL_CONNECT_AGENTS[takenBy]}`,
            connectedAt: callAt,
          },
        }),
        localContext('record-phone-call'),
      )) as PhoneCallOutcome;
      logged = outcome.status === 'logged';
      out.line(
        logged
          ? `After ${minutes} minutes the call ended: logged as a telephone contact from the victim on case ${caseId}, taken by ${takenBy}. It is on the case's Contacts page.`
          : `After ${minutes} minutes the call ended: nothing logged (no case).`,
      );
    }
    if (options.json)
      out.json({
        contactId,
        at: callAt.toISOString(),
        heard: played.heard,
        caseId: caseId ?? null,
        queued: played.queued ?? null,
        takenBy: takenBy ?? null,
        logged,
      });
  } finally {
    await system.close();
  }
}
