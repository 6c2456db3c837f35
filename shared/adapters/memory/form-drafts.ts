import type { FormDraft, FormDrafts } from '../../ports/form-drafts.ts';

/** Public forms' drafts in memory: the DynamoDB store's twin, held to the same contract (test/contract). */
export class InMemoryFormDrafts implements FormDrafts {
  private readonly drafts = new Map<string, { draft: FormDraft; expiresAt: number }>();

  async get(key: string, now: Date): Promise<FormDraft | undefined> {
    const kept = this.drafts.get(key);
    return kept && kept.expiresAt > now.getTime() ? structuredClone(kept.draft) : undefined;
  }

  async put(key: string, draft: FormDraft, expiresAt: Date): Promise<void> {
    this.drafts.set(key, { draft: structuredClone(draft), expiresAt: expiresAt.getTime() });
  }
}
