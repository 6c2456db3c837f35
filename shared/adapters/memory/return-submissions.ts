import type { ReturnSubmission } from '../../domain/reporting/return-timeliness.ts';
import type { ReturnSubmissions } from '../../ports/return-submissions.ts';

/** Returns submitted, in memory: the DynamoDB adapter's twin (test/contract/return-submissions.test.ts). */
export class InMemoryReturnSubmissions implements ReturnSubmissions {
  private readonly submissions = new Map<string, ReturnSubmission>();

  async markSubmitted(submission: ReturnSubmission) {
    const first = this.submissions.get(submission.quarter);
    if (first) return { status: 'already-submitted' as const, submission: { ...first } };
    this.submissions.set(submission.quarter, { ...submission });
    return { status: 'submitted' as const, submission };
  }

  async list(): Promise<ReturnSubmission[]> {
    return [...this.submissions.values()]
      .sort((a, b) => (a.quarter < b.quarter ? 1 : a.quarter > b.quarter ? -1 : 0))
      .map((s) => ({ ...s }));
  }
}
