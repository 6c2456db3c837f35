import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  ProductBudgetStore,
  ReferrerDirectory,
  TargetHardeningStores,
  ThJobStore,
  ThReferralStore,
} from '../../ports/target-hardening.ts';
import { DynamoDbThJobStore } from './target-hardening-jobs.ts';
import { DynamoDbProductBudgetStore } from './target-hardening-product-budget.ts';
import { DynamoDbThReferralStore } from './target-hardening-referrals.ts';
import { DynamoDbReferrerDirectory } from './target-hardening-referrers.ts';

/** One object answering for the four stores, each method the store's own. */
function together(stores: {
  readonly referrals: ThReferralStore;
  readonly jobs: ThJobStore;
  readonly budget: ProductBudgetStore;
  readonly referrers: ReferrerDirectory;
}): TargetHardeningStores {
  const { referrals, jobs, budget, referrers } = stores;
  return {
    recordReferral: (...args) => referrals.recordReferral(...args),
    getReferral: (...args) => referrals.getReferral(...args),
    referralsReceivedOn: (...args) => referrals.referralsReceivedOn(...args),
    referralOfCase: (...args) => referrals.referralOfCase(...args),
    createJob: (...args) => jobs.createJob(...args),
    getJob: (...args) => jobs.getJob(...args),
    listJobs: () => jobs.listJobs(),
    waitFor: (...args) => jobs.waitFor(...args),
    recordBooking: (...args) => jobs.recordBooking(...args),
    recordVisit: (...args) => jobs.recordVisit(...args),
    recordFollowUp: (...args) => jobs.recordFollowUp(...args),
    setStatus: (...args) => jobs.setStatus(...args),
    recordEvent: (...args) => jobs.recordEvent(...args),
    listEvents: (...args) => jobs.listEvents(...args),
    productSpend: (...args) => budget.productSpend(...args),
    putReferrer: (...args) => referrers.putReferrer(...args),
    referrerByNumber: (...args) => referrers.referrerByNumber(...args),
  };
}

/**
 * The four target-hardening stores on the single table, as one (TargetHardeningStores): for what is wired
 * once and handed on whole. A function that uses one aggregate is given that store's adapter alone.
 */
export function dynamoDbTargetHardeningStores(
  client: DynamoDBDocumentClient,
  tableName: string,
): TargetHardeningStores {
  return together({
    referrals: new DynamoDbThReferralStore(client, tableName),
    jobs: new DynamoDbThJobStore(client, tableName),
    budget: new DynamoDbProductBudgetStore(client, tableName),
    referrers: new DynamoDbReferrerDirectory(client, tableName),
  });
}
