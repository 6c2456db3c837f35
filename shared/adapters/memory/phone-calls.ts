import type { MatchedCall } from '../../domain/phone-call.ts';
import type { PhoneCalls } from '../../ports/phone-calls.ts';

/** The 0800 line's matched calls in memory: the DynamoDB adapter's twin (test/contract/phone-calls.test.ts). */
export class InMemoryPhoneCalls implements PhoneCalls {
  private readonly calls = new Map<string, MatchedCall>();

  async recordMatch(call: MatchedCall): Promise<void> {
    if (!this.calls.has(call.contactId)) this.calls.set(call.contactId, { ...call });
  }

  async matchOf(contactId: string): Promise<MatchedCall | undefined> {
    const call = this.calls.get(contactId);
    return call ? { ...call } : undefined;
  }
}
