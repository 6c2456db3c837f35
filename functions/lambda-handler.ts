import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from './logger.ts';

export interface LambdaHandlerOptions<TEvent, TResult> {
  /** Further middy middlewares, applied in order after the logger's context injection. */
  readonly middlewares?: readonly MiddlewareObj<TEvent, TResult>[];
}

/**
 * The one middy chain the functions' handlers run in, all but the web app's (docs/architecture.md): the
 * Lambda context is injected into the one logger with Powertools' defaults, so the event is never logged
 * (./logger.ts), then the options' middlewares run in order. Anything a single function needs besides (the
 * emergency line's answer within Connect's limit, the HTTP answers of the intake and task APIs) stays in
 * its handler. An error the handler throws reaches the caller unchanged.
 */
export function lambdaHandler<TEvent, TResult>(
  handler: (event: TEvent, context: Context) => Promise<TResult>,
  options: LambdaHandlerOptions<TEvent, TResult> = {},
): MiddyfiedHandler<TEvent, TResult> {
  const chain = middy<TEvent, TResult>(handler).use(injectLambdaContext(logger));
  for (const middleware of options.middlewares ?? []) chain.use(middleware);
  return chain;
}
