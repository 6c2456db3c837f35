import { describe, expect, it } from 'vitest';
import {
  MESSAGE_CHANNELS,
  MESSAGE_PURPOSES,
  type PurposeOn,
  SERVICE_CONTACT,
} from '../../../../../shared/domain/messages/index.ts';
import { escapeHtml, renderEmail } from '../../../../../shared/rendering/messages/email.ts';
import { REFERENCE, recipient, STATED_TIME, VALID } from '../../domain/messages/fixtures.ts';

const EMAIL_PURPOSES = MESSAGE_PURPOSES.filter((p): p is PurposeOn<'email'> =>
  (MESSAGE_CHANNELS[p] as readonly string[]).includes('email'),
);

describe('e-mail templates', () => {
  it.each(EMAIL_PURPOSES)('%s has a subject, a plain-text part and an HTML part', (purpose) => {
    const email = renderEmail(purpose, VALID[purpose]);

    expect(email.subject.length).toBeGreaterThan(10);
    expect(email.text.startsWith(`${email.subject}\n\nDear Ms Example,\n`)).toBe(true);
    expect(email.html).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB">/);
    expect(email.html).toContain(`>${escapeHtml(email.subject)}</h1>`);
    expect(email.html).toContain(`<title>${escapeHtml(email.subject)}</title>`);
  });

  it.each(EMAIL_PURPOSES)('%s gives the case reference and every way to get in touch', (purpose) => {
    const { text, html } = renderEmail(purpose, VALID[purpose]);

    for (const part of [text, html]) {
      expect(part).toContain(REFERENCE);
      expect(part).toContain(SERVICE_CONTACT.phone);
      expect(part).toContain(SERVICE_CONTACT.email);
      expect(part).toContain(SERVICE_CONTACT.webChat);
      expect(part).toContain('Example House, 1 Example Street, Leicester LE1 1ZZ');
      expect(part).toContain('call 999');
      expect(part).toContain('The Victim First team');
    }
  });

  it.each(EMAIL_PURPOSES.filter((p) => STATED_TIME[p]))(
    '%s states the time in subject and body',
    (purpose) => {
      const email = renderEmail(purpose, VALID[purpose]);

      expect(email.subject).toContain(STATED_TIME[purpose]);
      expect(email.text).toContain(STATED_TIME[purpose]);
    },
  );

  it('says how the needs assessment will happen', () => {
    const byPhone = renderEmail('needs-assessment-appointment', VALID['needs-assessment-appointment']);
    const atHome = renderEmail('needs-assessment-appointment', {
      ...VALID['needs-assessment-appointment'],
      by: 'home-visit',
    });

    expect(byPhone.text).toContain('We will phone you on Wednesday 30 September 2026 at 12:30pm.');
    expect(byPhone.text).not.toContain('identity card');
    expect(atHome.text).toContain('visit you at home on Wednesday 30 September 2026 at 12:30pm.');
    expect(atHome.text).toContain('identity card with their photo');
  });

  it('gives the victim the one-time link to the web chat, and their reference', () => {
    const booking = VALID['web-chat-booking-confirmation'];
    const { text } = renderEmail('web-chat-booking-confirmation', booking);

    expect(text).toContain(`At that time, open this link: ${booking.chatLink}`);
    expect(text).toContain('works once');
    expect(text).toContain(`Your reference is ${REFERENCE}.`);
  });

  it('greets by title and surname, or by full name when there is no title', () => {
    const { title: _title, ...untitled } = recipient;

    expect(renderEmail('support-offer', VALID['support-offer']).text).toContain('Dear Ms Example,');
    expect(renderEmail('support-offer', { caseReference: REFERENCE, recipient: untitled }).text).toContain(
      'Dear Sample Example,',
    );
  });

  it('escapes every value it puts into the HTML', () => {
    // Names may hold apostrophes; the HTML must carry them as entities, not as markup.
    const email = renderEmail('support-offer', {
      caseReference: REFERENCE,
      recipient: { forename: 'Sample', surname: "O'Example" },
    });

    expect(email.html).toContain('Dear Sample O&#39;Example,');
    expect(email.html).not.toContain("O'Example");
    expect(email.text).toContain("Dear Sample O'Example,");
  });

  it('escapes the characters that make HTML markup', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;',
    );
  });

  it('has no images, links to elsewhere or scripts in the HTML', () => {
    const { html } = renderEmail('support-offer', VALID['support-offer']);

    expect(html).not.toMatch(/<img|<script|<link|src=|href=/i);
  });

  it('puts the address of the victim nowhere in an e-mail', () => {
    const { text, html } = renderEmail('support-offer', VALID['support-offer']);

    expect(text).not.toContain('10 Example Street');
    expect(html).not.toContain('10 Example Street');
  });
});
