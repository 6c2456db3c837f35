import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRecordCaseEvent } from '../../../functions/contact/record-case-event/record-case-event.ts';
import { logger } from '../../../functions/logger.ts';
import { createRecordDeliveryStatus } from '../../../functions/messaging/record-delivery-status/record-delivery-status.ts';
import {
  BREACH_RULES,
  powertoolsOperationsMetrics,
  taskTypeOfTaskId,
} from '../../../functions/operations-metrics.ts';
import {
  type CallAnswer,
  createConnectEmergency,
} from '../../../functions/target-hardening/connect-emergency/connect-emergency.ts';
import { createRecordJobEvent } from '../../../functions/target-hardening/record-job-event/record-job-event.ts';
import { connectEmergencyEvent, localContext } from '../../../local/lambda-events.ts';
import { InMemoryPinAttempts } from '../../../shared/adapters/local/memory-pin-attempts.ts';
import type { DeliveryStatusUpdate } from '../../../shared/domain/messaging.ts';
import type { CaseStore } from '../../../shared/ports/case-store.ts';
import type { MessageStore } from '../../../shared/ports/message-store.ts';
import type { TargetHardeningStores } from '../../../shared/ports/target-hardening.ts';
import type { TaskStore } from '../../../shared/ports/task-store.ts';
import type { TargetHardeningJobs, TaskResponses } from '../../../shared/ports/workflows.ts';
import { sesBounced, sesDelivered } from '../../fixtures/delivery-events.ts';

// The functions' operational metrics as Powertools Metrics writes them (CloudWatch embedded metric format
// lines on standard output, captured here): one count per thing that happened, only codes from fixed lists as
// dimensions, never a case, task, job or message id, a name, an address or a number
// (docs/service-rules.md: personal data).

const NAMESPACE = 'VictimFirst/test';
const CASE_ID = 'VF-QWERT-YUIOP';
const NOW = new Date('2026-12-15T10:00:00Z');

interface EmfLine {
  readonly _aws: {
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  readonly [key: string]: unknown;
}

let written: string[] = [];
beforeEach(() => {
  written = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The metric lines written so far (the logger's lines are not metrics). */
const metricLines = (): EmfLine[] =>
  written
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as EmfLine);

/** Each metric line as `{ name, dimensions }`, after checking its shape: one count, one dimension set. */
function counts(): { name: string; dimensions: Record<string, unknown> }[] {
  return metricLines().map((line) => {
    const [directive] = line._aws.CloudWatchMetrics;
    expect(line._aws.CloudWatchMetrics).toHaveLength(1);
    expect(directive?.Namespace).toBe(NAMESPACE);
    expect(directive?.Metrics).toHaveLength(1);
    const metric = directive?.Metrics[0];
    expect(metric?.Unit).toBe('Count');
    expect(line[metric?.Name ?? '']).toBe(1);
    expect(directive?.Dimensions).toHaveLength(1);
    const keys = directive?.Dimensions[0] ?? [];
    // Powertools' default `service` dimension is dropped: the alarms watch the metric whoever counted it.
    expect(keys).not.toContain('service');
    expect(line.service).toBeUndefined();
    return { name: metric?.Name ?? '', dimensions: Object.fromEntries(keys.map((key) => [key, line[key]])) };
  });
}

const metrics = () => powertoolsOperationsMetrics(NAMESPACE);

describe('the operational metrics', () => {
  it('counts a breach under its rule, and a rule not on the list as unlisted', () => {
    metrics().deadlineBreached('home-visit');
    metrics().deadlineBreached('Quenby Fictitious, 77 Imaginary Lane');

    expect(counts()).toEqual([
      { name: 'DeadlineBreached', dimensions: { rule: 'home-visit' } },
      { name: 'DeadlineBreached', dimensions: { rule: 'unlisted' } },
    ]);
    expect(written.join('')).not.toContain('Quenby');
  });

  it('counts a timed-out task by its type only', () => {
    metrics().taskTimedOut(taskTypeOfTaskId(`${CASE_ID}.call-attempt.2`));
    metrics().taskTimedOut('not-a-task-type');

    expect(counts()).toEqual([
      { name: 'TaskTimedOut', dimensions: { taskType: 'call-attempt' } },
      { name: 'TaskTimedOut', dimensions: { taskType: 'unlisted' } },
    ]);
  });

  it('counts bounces by channel and emergency calls by result', () => {
    metrics().messageBounced('sms');
    metrics().emergencyCall('error');

    expect(counts()).toEqual([
      { name: 'MessageBounced', dimensions: { channel: 'sms' } },
      { name: 'EmergencyCalls', dimensions: { result: 'error' } },
    ]);
  });

  it('uses the namespace the CDK app gives in POWERTOOLS_METRICS_NAMESPACE', () => {
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', NAMESPACE);
    try {
      powertoolsOperationsMetrics().deadlineBreached('plan-review');
    } finally {
      vi.unstubAllEnvs();
    }
    expect(counts()).toEqual([{ name: 'DeadlineBreached', dimensions: { rule: 'plan-review' } }]);
  });
});

/** The case store and task store as record-case-event uses them: each event once. */
function contactStores() {
  const events = new Set<string>();
  const timedOut: string[] = [];
  const store = {
    recordEvent: async ({ eventId }: { eventId: string }) => {
      if (events.has(eventId)) return 'duplicate' as const;
      events.add(eventId);
      return 'recorded' as const;
    },
  } as unknown as CaseStore;
  const tasks = {
    markTimedOut: async (taskId: string) => {
      timedOut.push(taskId);
    },
  } as unknown as TaskStore;
  return { store, tasks, timedOut };
}

describe('record-case-event', () => {
  const missedCalls = {
    caseId: CASE_ID,
    eventId: 'breach.initial-contact',
    type: 'deadline-breached',
    detail: { rule: 'initial-contact-telephone', reason: 'call attempts not recorded before the deadline' },
    timedOutTaskId: `${CASE_ID}.call-attempt.3`,
  };

  it('counts the breach under its rule and the expired task by its type, once when retried', async () => {
    const { store, tasks, timedOut } = contactStores();
    const handler = createRecordCaseEvent({ store, tasks, clock: { now: () => NOW }, metrics: metrics() });

    await handler(missedCalls, localContext('record-case-event'));
    await handler(missedCalls, localContext('record-case-event'));

    expect(timedOut).toEqual([`${CASE_ID}.call-attempt.3`, `${CASE_ID}.call-attempt.3`]);
    expect(counts()).toEqual([
      { name: 'DeadlineBreached', dimensions: { rule: 'initial-contact-telephone' } },
      { name: 'TaskTimedOut', dimensions: { taskType: 'call-attempt' } },
    ]);
    const output = metricLines()
      .map((line) => JSON.stringify(line))
      .join('\n');
    expect(output).not.toContain(CASE_ID);
    expect(output).not.toContain('call attempts not recorded');
  });

  it('counts nothing for an alert before a deadline or the end of a path', async () => {
    const { store, tasks } = contactStores();
    const handler = createRecordCaseEvent({ store, tasks, clock: { now: () => NOW }, metrics: metrics() });

    await handler(
      { caseId: CASE_ID, eventId: 'at-risk.initial-contact', type: 'deadline-at-risk', detail: {} },
      localContext('record-case-event'),
    );
    await handler(
      { caseId: CASE_ID, eventId: 'contact-path-completed', type: 'contact-path-completed' },
      localContext('record-case-event'),
    );

    expect(counts()).toEqual([]);
  });

  it('counts every rule the contact path and support review record', async () => {
    const { store, tasks } = contactStores();
    const handler = createRecordCaseEvent({ store, tasks, clock: { now: () => NOW }, metrics: metrics() });
    const caseRules = BREACH_RULES.filter((rule) => !rule.startsWith('th-'));

    for (const rule of caseRules)
      await handler(
        { caseId: CASE_ID, eventId: `breach.${rule}`, type: 'deadline-breached', detail: { rule } },
        localContext('record-case-event'),
      );

    expect(counts().map((count) => count.dimensions.rule)).toEqual(caseRules);
  });
});

describe('record-job-event', () => {
  it('counts an attendance breach under its rule once, and nothing for the job ending', async () => {
    const recorded = new Set<string>();
    const jobs = {
      getJob: async (jobId: string) => ({ jobId }),
      recordEvent: async (_jobId: string, { eventId }: { eventId: string }) => {
        if (recorded.has(eventId)) return 'duplicate' as const;
        recorded.add(eventId);
        return 'recorded' as const;
      },
      setStatus: async () => undefined,
    } as unknown as TargetHardeningStores;
    const handler = createRecordJobEvent({ jobs, clock: { now: () => NOW }, metrics: metrics() });
    const breach = {
      jobId: 'TH-1042',
      eventId: 'breach.attendance',
      type: 'deadline-breached',
      detail: { rule: 'th-emergency-attendance', reason: 'no visit recorded by the deadline' },
    };

    await handler(breach, localContext('record-job-event'));
    await handler(breach, localContext('record-job-event'));
    await handler(
      { jobId: 'TH-1042', eventId: 'not-attended', type: 'job-ended', status: 'not-attended' },
      localContext('record-job-event'),
    );

    expect(counts()).toEqual([{ name: 'DeadlineBreached', dimensions: { rule: 'th-emergency-attendance' } }]);
    expect(written.filter((chunk) => chunk.includes('"_aws"')).join('')).not.toContain('TH-1042');
  });
});

describe('record-delivery-status', () => {
  /** Messages the service sent, each provider event recorded once; no path waits on them. */
  function messages(): Pick<MessageStore, 'recordDeliveryStatus' | 'deliveryWaiterOf'> {
    const seen = new Set<string>();
    return {
      recordDeliveryStatus: async (update: DeliveryStatusUpdate) => {
        const key = `${update.providerMessageId}/${update.providerEvent}`;
        if (seen.has(key)) return 'duplicate';
        seen.add(key);
        return 'recorded';
      },
      deliveryWaiterOf: async () => undefined,
    };
  }
  const workflows = {} as TaskResponses;

  it('counts a bounced e-mail by its channel once, and a delivery not at all', async () => {
    const handler = createRecordDeliveryStatus({ messages: messages(), workflows, metrics: metrics() });

    await handler(sesBounced('Permanent', 'General'), localContext('record-delivery-status'));
    await handler(sesBounced('Permanent', 'General'), localContext('record-delivery-status'));
    await handler(sesDelivered, localContext('record-delivery-status'));

    expect(counts()).toEqual([{ name: 'MessageBounced', dimensions: { channel: 'email' } }]);
    const output = metricLines()
      .map((line) => JSON.stringify(line))
      .join('\n');
    expect(output).not.toContain('victim@example.org');
    expect(output).not.toContain('VF-ABCDE-FGHIJ');
  });
});

describe('connect-emergency', () => {
  it('counts a call the line could not handle as an error, without the PIN or the referral number', async () => {
    // The fault is on purpose; its log line is not this test's subject.
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const jobs = {
      referrerByNumber: async () => {
        throw new Error('the store is unavailable');
      },
    } as unknown as TargetHardeningStores;
    const handler = createConnectEmergency({
      referrers: jobs,
      referrals: jobs,
      jobs,
      attempts: new InMemoryPinAttempts(),
      workflows: {} as TargetHardeningJobs,
      clock: { now: () => NOW },
      metrics: metrics(),
    });

    const answer = (await handler(
      connectEmergencyEvent(
        { referrer: '300001', pin: '246813', reference: '100001' },
        'c0ffee00-0000-4000-8000-000000000001',
      ),
      localContext('connect-emergency', 8000),
    )) as CallAnswer;

    expect(answer.result).toBe('error');
    expect(counts()).toEqual([{ name: 'EmergencyCalls', dimensions: { result: 'error' } }]);
    const output = metricLines()
      .map((line) => JSON.stringify(line))
      .join('\n');
    expect(output).not.toContain('246813');
    expect(output).not.toContain('300001');
    expect(output).not.toContain('100001');
  });

  it('counts a caller who keyed a referrer number and PIN not recognised as wrong-pin', async () => {
    const jobs = { referrerByNumber: async () => undefined } as unknown as TargetHardeningStores;
    const handler = createConnectEmergency({
      referrers: jobs,
      referrals: jobs,
      jobs,
      attempts: new InMemoryPinAttempts(),
      workflows: {} as TargetHardeningJobs,
      clock: { now: () => NOW },
      metrics: metrics(),
    });

    await handler(
      connectEmergencyEvent(
        { referrer: '300001', pin: '999999', reference: '100001' },
        'c0ffee00-0000-4000-8000-000000000002',
      ),
      localContext('connect-emergency', 8000),
    );

    expect(counts()).toEqual([{ name: 'EmergencyCalls', dimensions: { result: 'wrong-pin' } }]);
  });
});
