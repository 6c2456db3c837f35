import type { TargetHardeningJobs, Workflows } from '../../shared/ports/workflows.ts';

/** An in-memory Workflows port for tests of intake alone: it remembers which contact paths were started. */
export class RecordingWorkflows implements Workflows, TargetHardeningJobs {
  readonly started = new Map<string, string>();
  readonly jobsStarted: string[] = [];

  async startTargetHardening(jobId: string): Promise<'started' | 'already-started'> {
    if (this.jobsStarted.includes(jobId)) return 'already-started';
    this.jobsStarted.push(jobId);
    return 'started';
  }

  async startContactPath(referralId: string, caseId: string): Promise<'started' | 'already-started'> {
    if (this.started.has(referralId)) return 'already-started';
    this.started.set(referralId, caseId);
    return 'started';
  }

  async sendTaskSuccess(): Promise<void> {
    throw new Error('intake tests do not complete tasks');
  }

  async sendTaskFailure(): Promise<void> {
    throw new Error('intake tests do not complete tasks');
  }
}
