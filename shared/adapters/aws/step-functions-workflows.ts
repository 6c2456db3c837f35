import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { type CaseCheck, caseCheckName } from '../../domain/long-cases.ts';
import { webChatExecutionInput, webChatExecutionName } from '../../domain/web-chat.ts';
import {
  answerTaskToken,
  caseCheckInput,
  supportReviewInput,
  supportReviewName,
} from '../../domain/workflows.ts';
import type {
  CaseChecks,
  ComplaintClockInput,
  ComplaintClocks,
  SupportReviews,
  TargetHardeningJobs,
  TaskResponses,
  WebChatBookingInput,
  WebChatBookings,
  Workflows,
} from '../../ports/workflows.ts';

/**
 * Answers to task tokens on Step Functions. The token names its execution, so a function the state machine
 * itself invokes answers without the machine's ARN (which it could not be given without a dependency cycle).
 */
export class StepFunctionsTaskResponses implements TaskResponses {
  constructor(protected readonly client: SFNClient) {}

  async sendTaskSuccess(taskToken: string, output: unknown): Promise<void> {
    await answerTaskToken(() =>
      this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })),
    );
  }

  async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void> {
    await answerTaskToken(() => this.client.send(new SendTaskFailureCommand({ taskToken, error, cause })));
  }
}

/** Support plan reviews on AWS Step Functions (the web app starts one per plan action). */
export class StepFunctionsSupportReviews implements SupportReviews, CaseChecks {
  constructor(
    private readonly client: SFNClient,
    private readonly supportReviewArn: string,
  ) {}

  startSupportReview(
    caseId: string,
    actionNumber: number,
    reviewAt: Date,
    review = 1,
  ): Promise<'started' | 'already-started'> {
    return this.start(
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
    return this.start(caseCheckName(caseId, check, number), caseCheckInput(caseId, check, number, at));
  }

  private async start(name: string, input: Record<string, unknown>): Promise<'started' | 'already-started'> {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.supportReviewArn,
          name,
          input: JSON.stringify(input),
        }),
      );
      return 'started';
    } catch (error) {
      if ((error as Error).name === 'ExecutionAlreadyExists') return 'already-started';
      throw error;
    }
  }
}

/** Booked web chats on AWS Step Functions: one execution per case (docs/web-chat.md). */
export class StepFunctionsWebChatBookings implements WebChatBookings {
  constructor(
    private readonly client: SFNClient,
    private readonly webChatArn: string,
  ) {}

  async startWebChat(caseId: string, booking: WebChatBookingInput): Promise<'started' | 'already-started'> {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.webChatArn,
          name: webChatExecutionName(caseId),
          input: JSON.stringify(webChatExecutionInput(caseId, booking)),
        }),
      );
      return 'started';
    } catch (error) {
      if ((error as Error).name === 'ExecutionAlreadyExists') return 'already-started';
      throw error;
    }
  }
}

/** Target-hardening jobs on AWS Step Functions: one execution per job, named by the job. */
export class StepFunctionsTargetHardeningJobs implements TargetHardeningJobs {
  constructor(
    private readonly client: SFNClient,
    private readonly targetHardeningArn: string,
  ) {}

  async startTargetHardening(jobId: string): Promise<'started' | 'already-started'> {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.targetHardeningArn,
          name: jobId,
          input: JSON.stringify({ jobId }),
        }),
      );
      return 'started';
    } catch (error) {
      if ((error as Error).name === 'ExecutionAlreadyExists') return 'already-started';
      throw error;
    }
  }
}

/** The workflows on AWS Step Functions. */
export class StepFunctionsWorkflows extends StepFunctionsTaskResponses implements Workflows {
  constructor(
    client: SFNClient,
    private readonly contactPathArn: string,
  ) {
    super(client);
  }

  async startContactPath(referralId: string, caseId: string): Promise<'started' | 'already-started'> {
    try {
      // Same name and same input as an existing execution: Step Functions answers with that execution.
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.contactPathArn,
          name: referralId,
          input: JSON.stringify({ caseId }),
        }),
      );
      return 'started';
    } catch (error) {
      if ((error as Error).name === 'ExecutionAlreadyExists') return 'already-started';
      throw error;
    }
  }
}

/** Complaint clocks on AWS Step Functions: one execution per complaint, named by it (docs/complaints.md). */
export class StepFunctionsComplaintClocks implements ComplaintClocks {
  constructor(
    private readonly client: SFNClient,
    private readonly complaintClockArn: string,
  ) {}

  async startComplaintClock(input: ComplaintClockInput): Promise<'started' | 'already-started'> {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.complaintClockArn,
          name: input.complaintId,
          input: JSON.stringify(input),
        }),
      );
      return 'started';
    } catch (error) {
      if ((error as Error).name === 'ExecutionAlreadyExists') return 'already-started';
      throw error;
    }
  }
}
