/**
 * The one registry of Lambda functions. The CDK app creates a function for each entry and the local
 * system invokes the same handler modules in-process, so the two cannot drift (DESIGN 7).
 */

/** What a function may touch; the CDK app turns this into least-privilege grants. */
export interface FunctionAccess {
  readonly caseTable?: 'read' | 'read-write';
  readonly intakeBucket?: 'read';
}

export interface FunctionDefinition {
  /** Stable id: the CDK construct id and the local system's name for the function. */
  readonly id: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly timeoutSeconds: number;
  readonly memoryMiB: number;
  readonly access: FunctionAccess;
}

export const FUNCTIONS = {
  ingestPoliceDownload: {
    id: 'ingest-police-download',
    entry: 'functions/intake/ingest-police-download/handler.ts',
    description:
      'Validates, de-duplicates and triages the police daily download dropped in the intake bucket',
    timeoutSeconds: 900,
    memoryMiB: 1024,
    access: { caseTable: 'read-write', intakeBucket: 'read' },
  },
  ingestReferralEmail: {
    id: 'ingest-referral-email',
    entry: 'functions/intake/ingest-referral-email/handler.ts',
    description: 'Reads a partner or Sentinel ASB referral e-mail received by SES into the intake bucket',
    timeoutSeconds: 60,
    memoryMiB: 512,
    access: { caseTable: 'read-write', intakeBucket: 'read' },
  },
  receiveReferral: {
    id: 'receive-referral',
    entry: 'functions/intake/receive-referral/handler.ts',
    description: 'HTTP intake for partner-agency and self-referrals',
    timeoutSeconds: 29,
    memoryMiB: 512,
    access: { caseTable: 'read-write' },
  },
} as const satisfies Record<string, FunctionDefinition>;

export type FunctionName = keyof typeof FUNCTIONS;

/** Every function definition, in a stable order. */
export const functionDefinitions = (): FunctionDefinition[] => Object.values(FUNCTIONS);
