import { describe, expect, it } from 'vitest';
import {
  type CallerMatch,
  hoursOfOperationOf,
  serviceHoursInWords,
  victimLineFlow,
  victimLinePrompts,
} from '../../../functions/contact/victim-phone-line/flow.ts';
import { type CallWorld, inHoursOfOperation, playCall } from '../../../local/phone-line.ts';
import { DEFAULT_SERVICE_HOURS, type ServiceHours } from '../../../shared/domain/calendar.ts';

const INSTANCE = 'arn:aws:connect:eu-west-2:123456789012:instance/11111111-2222-4333-8444-555555555555';
const RESOURCES = {
  hoursOfOperationArn: `${INSTANCE}/operating-hours/victim-line`,
  matchFunctionArn: 'arn:aws:lambda:eu-west-2:123456789012:function:match-caller',
  callTakersQueueArn: `${INSTANCE}/queue/call-takers`,
};
const AGENT = `${INSTANCE}/agent/00000000-0000-4000-8000-00000000c001`;
const FLOW = victimLineFlow(RESOURCES);
const PROMPTS = victimLinePrompts();

// Tuesday 15 December 2026, 10:00 in London (GMT): open. Tuesday 19:00 and Sunday: closed by Connect's hours.
const TUESDAY_MORNING = new Date('2026-12-15T10:00:00Z');
const TUESDAY_EVENING = new Date('2026-12-15T19:00:00Z');
const SUNDAY = new Date('2026-12-13T11:00:00Z');

function world(
  answer: CallerMatch | Error,
  options: { at?: Date; available?: number } = {},
): CallWorld & { invoked: string[] } {
  const invoked: string[] = [];
  return {
    at: options.at ?? TUESDAY_MORNING,
    hours: hoursOfOperationOf(),
    invoked,
    invoke: async (arn) => {
      invoked.push(arn);
      if (answer instanceof Error) throw answer;
      return answer;
    },
    agentsAvailable: () => options.available ?? 1,
  };
}

const matched = (route: CallerMatch['route'], agentArn = ''): CallerMatch => ({
  route,
  caseId: 'VF-7K2QX-9MBR4',
  agentArn,
});

describe("the 0800 line's hours of operation", () => {
  it('are generated from the service hours, day by day, with no entry for a closed day', () => {
    expect(hoursOfOperationOf()).toEqual([
      { day: 'MONDAY', startTime: { hours: 9, minutes: 0 }, endTime: { hours: 18, minutes: 0 } },
      { day: 'TUESDAY', startTime: { hours: 9, minutes: 0 }, endTime: { hours: 18, minutes: 0 } },
      { day: 'WEDNESDAY', startTime: { hours: 9, minutes: 0 }, endTime: { hours: 20, minutes: 0 } },
      { day: 'THURSDAY', startTime: { hours: 9, minutes: 0 }, endTime: { hours: 18, minutes: 0 } },
      { day: 'FRIDAY', startTime: { hours: 9, minutes: 0 }, endTime: { hours: 18, minutes: 0 } },
      { day: 'SATURDAY', startTime: { hours: 9, minutes: 0 }, endTime: { hours: 18, minutes: 0 } },
    ]);
  });

  it('follow a change to the service hours', () => {
    const changed: ServiceHours = {
      ...DEFAULT_SERVICE_HOURS,
      weekdays: { ...DEFAULT_SERVICE_HOURS.weekdays, 6: null, 7: { opens: '10:30', closes: '14:15' } },
    };
    const days = hoursOfOperationOf(changed);
    expect(days.map((d) => d.day)).not.toContain('SATURDAY');
    expect(days.find((d) => d.day === 'SUNDAY')).toEqual({
      day: 'SUNDAY',
      startTime: { hours: 10, minutes: 30 },
      endTime: { hours: 14, minutes: 15 },
    });
    expect(serviceHoursInWords(changed)).toContain('Sunday, 10:30am to 2:15pm');
  });

  it('are said in words in the out-of-hours message', () => {
    expect(serviceHoursInWords()).toBe(
      'Monday, Tuesday, Thursday, Friday and Saturday, 9am to 6pm; Wednesday, 9am to 8pm. We are closed on Sundays and bank holidays',
    );
    expect(PROMPTS.outOfHours).toContain(serviceHoursInWords());
  });

  it('open at the opening minute and close at the closing minute, in London time across the clock change', () => {
    const hours = hoursOfOperationOf();
    expect(inHoursOfOperation(hours, new Date('2026-12-15T09:00:00Z'))).toBe(true);
    expect(inHoursOfOperation(hours, new Date('2026-12-15T08:59:00Z'))).toBe(false);
    expect(inHoursOfOperation(hours, new Date('2026-12-15T17:59:00Z'))).toBe(true);
    expect(inHoursOfOperation(hours, new Date('2026-12-15T18:00:00Z'))).toBe(false);
    // Wednesday until 8pm; in summer (BST) 9am London is 08:00 UTC.
    expect(inHoursOfOperation(hours, new Date('2026-12-16T19:30:00Z'))).toBe(true);
    expect(inHoursOfOperation(hours, new Date('2026-07-14T08:00:00Z'))).toBe(true);
    expect(inHoursOfOperation(hours, SUNDAY)).toBe(false);
  });
});

describe("the 0800 line's contact flow", () => {
  it('refers to every step it names, and every step is reached from the start', () => {
    const ids = new Set(FLOW.Actions.map((a) => a.Identifier));
    const targets = FLOW.Actions.flatMap((a) => [
      ...(a.Transitions.NextAction ? [a.Transitions.NextAction] : []),
      ...(a.Transitions.Conditions ?? []).map((c) => c.NextAction),
      ...(a.Transitions.Errors ?? []).map((e) => e.NextAction),
    ]);
    for (const target of targets) expect(ids.has(target), target).toBe(true);
    for (const id of ids) if (id !== FLOW.StartAction) expect(targets, id).toContain(id);
    expect(ids.size).toBe(FLOW.Actions.length);
  });

  it('out of hours says when the line is open and hangs up, without looking the caller up', async () => {
    for (const at of [TUESDAY_EVENING, SUNDAY]) {
      const call = world(matched('caseworker', AGENT), { at });
      const played = await playCall(FLOW, call);

      expect(played.heard).toEqual([PROMPTS.outOfHours]);
      expect(played.steps).toEqual(['check-hours', 'out-of-hours', 'disconnect']);
      expect(played.queued).toBeUndefined();
      expect(call.invoked).toEqual([]);
    }
  });

  it("on a bank holiday (the function's `closed`) gives the out-of-hours message too", async () => {
    const played = await playCall(FLOW, world({ route: 'closed', caseId: '', agentArn: '' }));

    expect(played.heard).toEqual([PROMPTS.outOfHours]);
    expect(played.queued).toBeUndefined();
  });

  it('in hours puts a matched caller through to their caseworker when they are available, the case on the contact', async () => {
    const call = world(matched('caseworker', AGENT));
    const played = await playCall(FLOW, call);

    expect(call.invoked).toEqual([RESOURCES.matchFunctionArn]);
    expect(played.steps).toEqual([
      'check-hours',
      'match-caller',
      'check-route',
      'save-case',
      'check-caseworker-known',
      'check-caseworker-available',
      'to-caseworker',
      'connecting',
      'transfer',
    ]);
    expect(played.attributes).toEqual({ caseId: 'VF-7K2QX-9MBR4' });
    expect(played.queued).toEqual({ agentArn: AGENT });
    expect(played.heard).toEqual([PROMPTS.connecting]);
  });

  it('sends a matched caller to the call-takers, with the case, when their caseworker is not available', async () => {
    const played = await playCall(FLOW, world(matched('caseworker', AGENT), { available: 0 }));

    expect(played.steps).toContain('check-caseworker-available');
    expect(played.attributes).toEqual({ caseId: 'VF-7K2QX-9MBR4' });
    expect(played.queued).toEqual({ queueArn: RESOURCES.callTakersQueueArn });
  });

  it('sends a matched caller whose caseworker has no Connect user (or whose case waits) to the call-takers, with the case', async () => {
    const played = await playCall(FLOW, world(matched('call-takers')));

    expect(played.steps).not.toContain('check-caseworker-available');
    expect(played.attributes).toEqual({ caseId: 'VF-7K2QX-9MBR4' });
    expect(played.queued).toEqual({ queueArn: RESOURCES.callTakersQueueArn });
  });

  it('sends a caller whose number matches no case to the call-takers, with no case on the contact', async () => {
    const played = await playCall(FLOW, world({ route: 'unmatched', caseId: '', agentArn: '' }));

    expect(played.steps).toEqual([
      'check-hours',
      'match-caller',
      'check-route',
      'to-call-takers',
      'connecting',
      'transfer',
    ]);
    expect(played.attributes).toEqual({});
    expect(played.queued).toEqual({ queueArn: RESOURCES.callTakersQueueArn });
  });

  it('still puts the caller through to the call-takers when the function fails', async () => {
    const played = await playCall(FLOW, world(new Error('timed out')));

    expect(played.steps).toEqual(['check-hours', 'match-caller', 'to-call-takers', 'connecting', 'transfer']);
    expect(played.queued).toEqual({ queueArn: RESOURCES.callTakersQueueArn });
  });

  it("invokes the caller-match function synchronously within Connect's 8 seconds, reading its answer as a string map", () => {
    const invoke = FLOW.Actions.find((a) => a.Type === 'InvokeLambdaFunction');
    expect(invoke?.Parameters).toEqual({
      LambdaFunctionARN: RESOURCES.matchFunctionArn,
      InvocationTimeLimitSeconds: '8',
      InvocationType: 'SYNCHRONOUS',
      ResponseValidation: { ResponseType: 'STRING_MAP' },
    });
    const transfer = FLOW.Actions.find((a) => a.Type === 'TransferContactToQueue');
    expect(transfer?.Transitions.Errors?.map((e) => [e.ErrorType, e.NextAction])).toEqual([
      ['QueueAtCapacity', 'busy'],
      ['NoMatchingError', 'sorry'],
    ]);
  });
});
