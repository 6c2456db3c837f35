import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger. Victims' data never goes in a log line: handlers log ids and counts only, and the
 * event is never logged (docs/service-rules.md: personal data). Its level is POWERTOOLS_LOG_LEVEL's, INFO
 * when unset.
 */
export const logger = new Logger();
