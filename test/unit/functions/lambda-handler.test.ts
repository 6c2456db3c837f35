import type { MiddlewareObj } from '@middy/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lambdaHandler } from '../../../functions/lambda-handler.ts';
import { logger } from '../../../functions/logger.ts';
import { localContext } from '../../../local/lambda-events.ts';

// The one middy chain of the functions (functions/lambda-handler.ts): the logger's lines carry the Lambda
// context, never the event (docs/service-rules.md: personal data), the handler's errors reach the caller as
// they were thrown, and the options' middlewares run after the context is injected.

let written: string[] = [];
beforeEach(() => {
  written = [];
  // The tests run at WARN (vitest.config.ts); Powertools writes warnings to standard error.
  for (const stream of [process.stdout, process.stderr])
    vi.spyOn(stream, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const logLines = (): Record<string, unknown>[] =>
  written
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const SECRET = 'Jane Victim, 1 Example Street';

describe('lambdaHandler', () => {
  it('passes the event and context through, returns the answer, and logs with the Lambda context', async () => {
    const context = localContext('lambda-handler-test');
    const seen: unknown[] = [];
    const handler = lambdaHandler(async (event: { name: string }, ctx) => {
      seen.push(event, ctx.awsRequestId);
      logger.warn('step done', { count: 1 });
      return { answered: true };
    });

    await expect(handler({ name: SECRET }, context)).resolves.toEqual({ answered: true });

    expect(seen).toEqual([{ name: SECRET }, context.awsRequestId]);
    const [line] = logLines();
    expect(line).toMatchObject({
      level: 'WARN',
      message: 'step done',
      count: 1,
      function_name: 'lambda-handler-test',
      function_request_id: context.awsRequestId,
      function_arn: context.invokedFunctionArn,
    });
    expect(line).toHaveProperty('cold_start');
    expect(written.join('')).not.toContain(SECRET);
  });

  it('lets an error thrown by the handler reach the caller unchanged', async () => {
    class StepFailed extends Error {
      override name = 'StepFailed';
    }
    const thrown = new StepFailed('no such case');
    const handler = lambdaHandler(async (_event: unknown): Promise<never> => {
      throw thrown;
    });

    await expect(handler({}, localContext('lambda-handler-test'))).rejects.toBe(thrown);
  });

  it("runs the options' middlewares in order, after the logger has the context", async () => {
    const context = localContext('lambda-handler-test');
    const order: string[] = [];
    const named = (name: string): MiddlewareObj<unknown, string> => ({
      before: () => {
        order.push(`before ${name}`);
        logger.warn(`before ${name}`);
      },
      after: (request) => {
        order.push(`after ${name}`);
        request.response = `${request.response} ${name}`;
      },
    });
    const handler = lambdaHandler(
      async (): Promise<string> => {
        order.push('handler');
        return 'answer';
      },
      { middlewares: [named('first'), named('second')] },
    );

    await expect(handler({}, context)).resolves.toBe('answer second first');

    expect(order).toEqual(['before first', 'before second', 'handler', 'after second', 'after first']);
    expect(logLines().map((line) => [line.message, line.function_request_id])).toEqual([
      ['before first', context.awsRequestId],
      ['before second', context.awsRequestId],
    ]);
  });
});
