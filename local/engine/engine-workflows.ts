import { type CaseCheck, caseCheckName } from '../../shared/domain/long-cases.ts';
import { webChatExecutionInput, webChatExecutionName } from '../../shared/domain/web-chat.ts';
import {
  answerTaskToken,
  caseCheckInput,
  supportReviewInput,
  supportReviewName,
} from '../../shared/domain/workflows.ts';
import type {
  CaseChecks,
  ComplaintClockInput,
  ComplaintClocks,
  SupportReviews,
  TargetHardeningJobs,
  WebChatBookingInput,
  WebChatBookings,
  Workflows,
} from '../../shared/ports/workflows.ts';
import type { Engine } from './engine.ts';

/** The Workflows port on the local engine: the same operations, and the same refusals, as on AWS. */
export class EngineWorkflows implements Workflows, SupportReviews, CaseChecks, TargetHardeningJobs {
  constructor(
    private readonly engine: Engine,
    private readonly contactPathArn: string,
    private readonly supportReviewArn?: string,
    private readonly targetHardeningArn?: string,
  ) {}

  async startTargetHardening(jobId: string): Promise<'started' | 'already-started'> {
    if (!this.targetHardeningArn)
      throw new Error('the synthesized app has no target-hardening state machine');
    try {
      const started = await this.engine.startExecution({
        stateMachineArn: this.targetHardeningArn,
        name: jobId,
        input: JSON.stringify({ jobId }),
      });
      return started.alreadyStarted ? 'already-started' : 'started';
    } catch (error) {
      if ((error as Error).name === 'ExecutionAlreadyExists') return 'already-started';
      throw error;
    }
  }

  startSupportReview(
    caseId: string,
    actionNumber: number,
    reviewAt: Date,
    review = 1,
  ): Promise<'started' | 'already-started'> {
    return this.startOnSupportReview(
      supportReviewName(caseId, actionNumber, review),
      supportReviewInput(caseId, actionNumber, reviewAt, review),
    );
  }

  startCaseCheck(
    caseId: string,
    check: CaseCheck,
    number: number,
    at: Date,
  ): Promise<'started' | 'already-started'> {
    return this.startOnSupportReview(
      caseCheckName(caseId, check, number),
      caseCheckInput(caseId, check, number, at),
    );
  }

  private async startOnSupportReview(
    name: string,
    input: Record<string, unknown>,
  ): Promise<'started' | 'already-started'> {
    if (!this.supportReviewArn) throw new Error('the synthesized app has no support-review state machine');
    try {
      const started = await this.engine.startExecution({
        stateMachineArn: this.supportReviewArn,
        name,
        input: JSON.stringify(input),
      });
      return started.alreadyStarted ? 'already-started' : 'started';
    } catch (error) {
      if ((error as Error).name === 'ExecutionAlreadyExists') return 'already-started';
      throw error;
    }
  }

  async startContactPath(referralId: string, caseId: string): Promise<'started' | 'already-started'> {
    try {
      const started = await this.engine.startExecution({
        stateMachineArn: this.contactPathArn,
        name: referralId,
        input: JSON.stringify({ caseId }),
      });
      return started.alreadyStarted ? 'already-started' : 'started';
    } catch (error) {
      if ((error as Error).name === 'ExecutionAlreadyExists') return 'already-started';
      throw error;
    }
  }

  async sendTaskSuccess(taskToken: string, output: unknown): Promise<void> {
    await answerTaskToken(() => this.engine.sendTaskSuccess(taskToken, JSON.stringify(output)));
  }

  async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void> {
    await answerTaskToken(() => this.engine.sendTaskFailure(taskToken, error, cause));
  }
}

/** Booked web chats on the local engine: one execution per case, as on AWS. */
export class EngineWebChatBookings implements WebChatBookings {
  constructor(
    private readonly engine: Engine,
    private readonly webChatArn: string,
  ) {}

  async startWebChat(caseId: string, booking: WebChatBookingInput): Promise<'started' | 'already-started'> {
    try {
      const started = await this.engine.startExecution({
        stateMachineArn: this.webChatArn,
        name: webChatExecutionName(caseId),
        input: JSON.stringify(webChatExecutionInput(caseId, booking)),
      });
      return started.alreadyStarted ? 'already-started' : 'started';
    } catch (error) {
      if ((error as Error).name === 'ExecutionAlreadyExists') return 'already-started';
      throw error;
    }
  }
}

/** Complaint clocks on the local engine: one execution per complaint, named by it, as on AWS. */
export class EngineComplaintClocks implements ComplaintClocks {
  constructor(
    private readonly engine: Engine,
    private readonly complaintClockArn: string,
  ) {}

  async startComplaintClock(input: ComplaintClockInput): Promise<'started' | 'already-started'> {
    try {
      const started = await this.engine.startExecution({
        stateMachineArn: this.complaintClockArn,
        name: input.complaintId,
        input: JSON.stringify(input),
      });
      return started.alreadyStarted ? 'already-started' : 'started';
    } catch (error) {
      if ((error as Error).name === 'ExecutionAlreadyExists') return 'already-started';
      throw error;
    }
  }
}
