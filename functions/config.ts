import { z } from 'zod';

const FunctionEnvironment = z.object({
  TABLE_NAME: z.string().min(3, 'TABLE_NAME must name the case table'),
});

/** Configuration shared by the functions, read and checked once at start-up; fails naming what is missing. */
export function functionConfig(env: NodeJS.ProcessEnv = process.env): { tableName: string } {
  const parsed = FunctionEnvironment.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  return { tableName: parsed.data.TABLE_NAME };
}

/** The contact-path state machine's ARN, for functions that start paths or answer tasks. */
export function contactPathArn(env: NodeJS.ProcessEnv = process.env): string {
  const arn = env.CONTACT_PATH_ARN;
  if (!arn?.startsWith('arn:'))
    throw new Error('configuration: CONTACT_PATH_ARN must be the contact-path state machine ARN');
  return arn;
}
