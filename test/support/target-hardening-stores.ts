import { DynamoDbThJobStore } from '../../shared/adapters/dynamodb/target-hardening-jobs.ts';
import { DynamoDbProductBudgetStore } from '../../shared/adapters/dynamodb/target-hardening-product-budget.ts';
import { DynamoDbThReferralStore } from '../../shared/adapters/dynamodb/target-hardening-referrals.ts';
import { DynamoDbReferrerDirectory } from '../../shared/adapters/dynamodb/target-hardening-referrers.ts';
import { InMemoryThJobStore } from '../../shared/adapters/memory/target-hardening-jobs.ts';
import { InMemoryProductBudgetStore } from '../../shared/adapters/memory/target-hardening-product-budget.ts';
import { InMemoryThReferralStore } from '../../shared/adapters/memory/target-hardening-referrals.ts';
import { InMemoryReferrerDirectory } from '../../shared/adapters/memory/target-hardening-referrers.ts';
import {
  type ThReferralDetails,
  type ThReferralInput,
  ThReferralSchema,
} from '../../shared/domain/target-hardening-referral.ts';
import type {
  ProductBudgetStore,
  ReferrerDirectory,
  ThJobStore,
  ThReferralStore,
} from '../../shared/ports/target-hardening.ts';
import { aThReferral } from '../fixtures/referrals.ts';
import { freshStore } from './store.ts';

/** Target hardening's four stores over one table (or one memory): the jobs store writes to the other two. */
export interface ThStores {
  readonly referrals: ThReferralStore;
  readonly jobs: ThJobStore;
  readonly budget: ProductBudgetStore;
  readonly referrers: ReferrerDirectory;
}

/** The in-memory twins, linked as the adapters are on one table. */
export async function inMemoryThStores(): Promise<ThStores> {
  const referrals = new InMemoryThReferralStore();
  const budget = new InMemoryProductBudgetStore();
  return {
    referrals,
    jobs: new InMemoryThJobStore(referrals, budget),
    budget,
    referrers: new InMemoryReferrerDirectory(),
  };
}

/** The DynamoDB adapters on a fresh table of the run's DynamoDB Local. */
export async function dynamoDbThStores(): Promise<ThStores & Awaited<ReturnType<typeof freshStore>>> {
  const fresh = await freshStore();
  const { client, tableName } = fresh;
  return {
    ...fresh,
    referrals: new DynamoDbThReferralStore(client, tableName),
    jobs: new DynamoDbThJobStore(client, tableName),
    budget: new DynamoDbProductBudgetStore(client, tableName),
    referrers: new DynamoDbReferrerDirectory(client, tableName),
  };
}

/** A target-hardening referral's details, as validated. */
export const thReferral = (overrides: Partial<ThReferralInput> = {}): ThReferralDetails =>
  ThReferralSchema.parse(aThReferral(overrides));
