// The key prefixes of the service's S3 buckets: the adapters write under them and the CDK app's grants name
// them (infra/constructs/messaging.ts, infra/constructs/quarterly-returns.ts), so both read them from here.

/** The prefix every stored letter is under (`letters/<postedOn>/<messageId>.pdf`). */
export const LETTERS_PREFIX = 'letters/';

/** The prefix of each day's print-and-post manifest (`manifests/<date>.csv`). */
export const MANIFESTS_PREFIX = 'manifests/';

/** The prefix every stored return is under; the grants name it (infra/constructs/quarterly-returns.ts). */
export const RETURNS_PREFIX = 'returns/';
