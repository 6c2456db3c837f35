import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { refuseUnsafeChannel } from '../../domain/messaging.ts';
import type {
  Messenger,
  OutgoingEmail,
  OutgoingLetter,
  OutgoingSms,
  PrintManifest,
  PrintManifests,
} from '../../ports/messenger.ts';
import { letterKey, MANIFEST_HEADER, manifestKey, manifestLine } from '../aws/aws-messenger.ts';

/** What a file is called while it is being written (`writeWhole`). */
const PARTIAL = '.partial';

/**
 * Writes a file whole or not at all, as S3 stores an object: a process killed while writing leaves at most
 * a `.partial` file beside it, never half a letter under the letter's own name (which the next send would
 * keep as the first copy).
 */
function writeWhole(path: string, content: string | Uint8Array): void {
  writeFileSync(`${path}${PARTIAL}`, content);
  renameSync(`${path}${PARTIAL}`, path);
}

/** What is kept beside a local letter: the ids its S3 object carries as metadata in AWS. */
interface LetterMetadata {
  readonly caseId: string;
  readonly purpose: string;
  readonly largePrint: boolean;
}

/**
 * The local stand-in for SES, End User Messaging and the letters bucket (docs/local-system.md): e-mails and
 * texts are written to `outbox/` as JSON a person can read, letters to `letters/<date>/` as the PDFs the
 * print provider would take, with the same keys as in the bucket.
 */
export class FolderMessenger implements Messenger, PrintManifests {
  constructor(private readonly root: string) {}

  async sendEmail(email: OutgoingEmail): Promise<{ providerMessageId: string }> {
    refuseUnsafeChannel('email', email);
    return { providerMessageId: this.write('email', email.messageId, email) };
  }

  async sendSms(sms: OutgoingSms): Promise<{ providerMessageId: string }> {
    refuseUnsafeChannel('sms', sms);
    return { providerMessageId: this.write('sms', sms.messageId, sms) };
  }

  async sendLetter(letter: OutgoingLetter): Promise<{ location: string }> {
    refuseUnsafeChannel('letter', letter);
    const path = join(this.root, letterKey(letter.postedOn, letter.messageId));
    // Storing the same letter again keeps the first copy, as the bucket's conditional write does.
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true });
      const metadata: LetterMetadata = {
        caseId: letter.caseId,
        purpose: letter.purpose,
        largePrint: letter.largePrint,
      };
      // The sidecar first: a letter's PDF is there only once its metadata is.
      writeWhole(`${path.slice(0, -'.pdf'.length)}.json`, JSON.stringify(metadata));
      writeWhole(path, letter.pdf);
    }
    return { location: path };
  }

  async isLetterStored(postedOn: string, messageId: string): Promise<boolean> {
    return existsSync(join(this.root, letterKey(postedOn, messageId)));
  }

  async buildPrintManifest(date: string): Promise<PrintManifest> {
    const folder = dirname(join(this.root, letterKey(date, 'x')));
    const rows: string[] = [];
    const skipped: string[] = [];
    for (const name of existsSync(folder) ? readdirSync(folder).sort() : []) {
      // Sidecars, and letters a killed process was still writing (never stored, so sent again).
      if (name.endsWith('.json') || name.endsWith(PARTIAL)) continue;
      const key = letterKey(date, name.slice(0, -'.pdf'.length));
      const sidecar = join(folder, `${name.slice(0, -'.pdf'.length)}.json`);
      if (!name.endsWith('.pdf') || !existsSync(sidecar)) {
        skipped.push(key);
        continue;
      }
      const metadata = JSON.parse(readFileSync(sidecar, 'utf8')) as LetterMetadata;
      rows.push(manifestLine(key, metadata.caseId, metadata.purpose, metadata.largePrint));
    }
    const location = join(this.root, manifestKey(date));
    mkdirSync(dirname(location), { recursive: true });
    writeFileSync(location, `${[MANIFEST_HEADER, ...rows].join('\r\n')}\r\n`);
    return { date, location, letters: rows.length, skipped };
  }

  private write(channel: 'email' | 'sms', messageId: string, content: object): string {
    const providerMessageId = `local-${channel}-${randomUUID()}`;
    const path = join(this.root, 'outbox', channel, `${messageId}.json`);
    mkdirSync(dirname(path), { recursive: true });
    writeWhole(path, JSON.stringify({ ...content, providerMessageId }, null, 2));
    return providerMessageId;
  }
}
