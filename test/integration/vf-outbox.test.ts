import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outboxCommand, outboxMarkCommand } from '../../local/cli/outbox.ts';
import { httpApiRequest, localContext } from '../../local/lambda-events.ts';
import { writeVirtualClock } from '../../local/server/runtime-files.ts';
import { openLocalSystem } from '../../local/system/local-system.ts';
import { VirtualClock } from '../../local/system/virtual-clock.ts';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import { definitionsOnce } from '../support/local-system.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'vf-outbox-'));
const previous = process.env.VF_DATA_DIR;

afterAll(() => {
  if (previous === undefined) delete process.env.VF_DATA_DIR;
  else process.env.VF_DATA_DIR = previous;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('vf outbox', () => {
  it('lists every message the local system sent with its channel, purpose, case, status and file', async () => {
    const system = await openLocalSystem({
      dataDir,
      clock: new VirtualClock(new Date('2026-12-15T10:00:00Z')),
      definitions: definitionsOnce(),
    });
    try {
      for (const [reference, contactMethod] of [
        ['DSA-2026-0201', 'email'],
        ['DSA-2026-0202', 'post'],
      ] as const) {
        await system.handlers.receiveReferral(
          httpApiRequest(
            'POST',
            '/referrals/partner',
            JSON.stringify(aPartnerReferralBody({ reference, contactMethod })),
          ),
          localContext('receive-referral'),
        );
      }
      await system.engine.runDue();
      process.env.VF_DATA_DIR = dataDir;
      const lines: string[] = [];
      let json: unknown;
      await outboxCommand(
        { json: true },
        { line: (text = '') => lines.push(text), json: (v) => (json = v), error: () => {} },
      );

      expect(json).toEqual([
        {
          channel: 'email',
          purpose: 'support-offer',
          caseId: expect.stringMatching(/^VF-/),
          status: 'sent',
          file: expect.stringMatching(/outbox\/email\/VF-.+\.message\.support-offer\.1\.json$/),
        },
        {
          channel: 'letter',
          purpose: 'support-offer',
          caseId: expect.stringMatching(/^VF-/),
          status: 'sent',
          file: expect.stringMatching(/letters\/2026-12-15\/VF-.+\.message\.support-offer\.1\.pdf$/),
        },
      ]);
      expect(lines).toContain('sms: 0');

      // The e-mail bounces, reported through the real delivery-status function; a letter cannot be marked.
      const [email, letter] = json as Array<{ caseId: string }>;
      const marked: string[] = [];
      const capture = { line: (text = '') => marked.push(text), json: () => {}, error: () => {} };
      // As `vf start --virtual-clock` leaves it: the path moves on at the data directory's own time.
      writeVirtualClock(dataDir, system.clock.now());
      await outboxMarkCommand(email?.caseId as string, 'message.support-offer.1', 'bounced', capture);
      await expect(
        outboxMarkCommand(letter?.caseId as string, 'message.support-offer.1', 'bounced', capture),
      ).rejects.toThrow('letters have no delivery events');
      await expect(
        outboxMarkCommand('VF-NONE0-00000', 'message.support-offer.1', 'bounced', capture),
      ).rejects.toThrow('no message');
      await expect(
        outboxMarkCommand(email?.caseId as string, 'message.support-offer.1', 'lost', capture),
      ).rejects.toThrow('<status> must be one of delivered, bounced');
      let after: unknown;
      await outboxCommand({ json: true }, { line: () => {}, json: (v) => (after = v), error: () => {} });

      expect(marked).toEqual([
        `${email?.caseId} message.support-offer.1: bounced (permanent); its contact path has been told`,
      ]);
      // The bounced e-mail's path posted the offer instead (a letter is safe for that victim).
      const rows = after as Array<{ channel: string; caseId: string; status: string; file: string }>;
      expect(rows.map((m) => [m.channel, m.caseId, m.status, basename(m.file)])).toEqual(
        expect.arrayContaining([
          ['email', email?.caseId, 'bounced', `${email?.caseId}.message.support-offer.1.json`],
          ['letter', letter?.caseId, 'sent', `${letter?.caseId}.message.support-offer.1.pdf`],
          ['letter', email?.caseId, 'sent', `${email?.caseId}.message.support-offer.2.pdf`],
        ]),
      );
      expect(rows).toHaveLength(3);
    } finally {
      await system.close();
    }
  }, 120_000);
});
