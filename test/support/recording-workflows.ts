import type { Workflows } from '../../shared/ports/workflows.ts';

/** An in-memory Workflows port for tests of intake alone: it remembers which contact paths were started. */
export class RecordingWorkflows implements Workflows {
  readonly started = new Map<string, string>();

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
