import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger. Victims' data never goes in a log line: handlers log ids and counts only, and the
 * event is never logged (DESIGN 6).
 */
export const logger = new Logger({ logLevel: 'INFO' });
