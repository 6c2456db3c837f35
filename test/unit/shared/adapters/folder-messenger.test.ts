import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderMessenger } from '../../../../shared/adapters/local/folder-messenger.ts';
import { UnsafeChannelError } from '../../../../shared/domain/messaging.ts';

const letter = (messageId: string, pdf = '%PDF-1.7 first') => ({
  messageId,
  caseId: 'VF-FOLDR-00001',
  purpose: 'final-letter',
  pdf: Buffer.from(pdf),
  largePrint: false,
  postedOn: '2026-12-15',
  unsafeChannels: [] as const,
});

describe('the local outbox and letters folder', () => {
  it("keeps the first copy of a letter stored twice and lists each letter once in the day's manifest", async () => {
    const root = mkdtempSync(join(tmpdir(), 'vf-letters-'));
    const messenger = new FolderMessenger(root);

    const first = await messenger.sendLetter(letter('VF-FOLDR-00001.final-letter.1'));
    const again = await messenger.sendLetter(letter('VF-FOLDR-00001.final-letter.1', '%PDF-1.7 second'));
    await messenger.sendLetter({
      ...letter('VF-FOLDR-00002.support-offer.1'),
      caseId: 'VF-FOLDR-00002',
      purpose: 'support-offer',
      largePrint: true,
    });
    const manifest = await messenger.buildPrintManifest('2026-12-15');

    expect(again.location).toBe(first.location);
    expect(readFileSync(first.location, 'utf8')).toBe('%PDF-1.7 first');
    expect(manifest.letters).toBe(2);
    expect(readFileSync(manifest.location, 'utf8')).toBe(
      'key,caseId,purpose,largePrint\r\n' +
        'letters/2026-12-15/VF-FOLDR-00001.final-letter.1.pdf,VF-FOLDR-00001,final-letter,false\r\n' +
        'letters/2026-12-15/VF-FOLDR-00002.support-offer.1.pdf,VF-FOLDR-00002,support-offer,true\r\n',
    );
  });

  it('stores whole a letter that a killed process was half-way through writing, and leaves the half out of the manifest', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vf-letters-'));
    const folder = join(root, 'letters', '2026-12-15');
    // What a process killed while writing the letter leaves: the half-written file, never the letter's own.
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'VF-FOLDR-00001.final-letter.1.pdf.partial'), '%PDF-1.7 fi');
    const messenger = new FolderMessenger(root);

    const sent = await messenger.sendLetter(letter('VF-FOLDR-00001.final-letter.1'));
    const stray = await messenger.sendLetter(letter('VF-FOLDR-00002.final-letter.1'));
    writeFileSync(`${stray.location}.partial`, '%PDF-1.7 se');
    const manifest = await messenger.buildPrintManifest('2026-12-15');

    expect(readFileSync(sent.location, 'utf8')).toBe('%PDF-1.7 first');
    expect(readdirSync(folder).filter((name) => name.endsWith('.pdf'))).toHaveLength(2);
    expect(manifest).toMatchObject({ letters: 2, skipped: [] });
  });

  it('writes an e-mail and a text to the outbox with a provider id for their delivery events', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vf-outbox-'));
    const messenger = new FolderMessenger(root);
    const sent = await messenger.sendSms({
      messageId: 'VF-FOLDR-00003.support-offer.1',
      caseId: 'VF-FOLDR-00003',
      purpose: 'support-offer',
      to: '+447700900123',
      text: 'Hello, this is Victim First.',
      unsafeChannels: ['voicemail'],
    });
    const path = join(root, 'outbox', 'sms', 'VF-FOLDR-00003.support-offer.1.json');
    expect(existsSync(path)).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
      to: '+447700900123',
      providerMessageId: sent.providerMessageId,
    });
    expect(sent.providerMessageId).toMatch(/^local-sms-/);
  });

  it('refuses every channel the referral marks unsafe, and writes nothing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vf-unsafe-'));
    const messenger = new FolderMessenger(root);
    const ids = {
      caseId: 'VF-FOLDR-00004',
      purpose: 'support-offer',
      messageId: 'VF-FOLDR-00004.support-offer.1',
    };
    const unsafeChannels = ['email', 'sms', 'letter'] as const;

    await expect(
      messenger.sendEmail({
        ...ids,
        unsafeChannels,
        to: 'victim@example.org',
        subject: 's',
        text: 't',
        html: 'h',
      }),
    ).rejects.toThrow(UnsafeChannelError);
    await expect(
      messenger.sendSms({ ...ids, unsafeChannels, to: '+447700900123', text: 't' }),
    ).rejects.toThrow(UnsafeChannelError);
    await expect(messenger.sendLetter({ ...letter(ids.messageId), ...ids, unsafeChannels })).rejects.toThrow(
      UnsafeChannelError,
    );
    expect(readdirSync(root)).toEqual([]);
  });
});
