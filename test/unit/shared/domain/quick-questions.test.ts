import { describe, expect, it } from 'vitest';
import {
  isReadingToken,
  newReadingToken,
  tokenHashOf,
  validateAnswer,
  validateQuestion,
  wordsIn,
} from '../../../../shared/domain/quick-questions.ts';
import { renderQuickAnswerReadyEmail } from '../../../../shared/rendering/messages/email.ts';

describe('a quick question', () => {
  it('is at most 150 words, counted as a reader counts them', () => {
    expect(wordsIn('  Can you\nhelp   me? ')).toBe(4);
    expect(validateQuestion({ question: 'word '.repeat(150) })).toEqual({
      ok: true,
      question: 'word '.repeat(150).trim(),
    });
    expect(validateQuestion({ question: 'word '.repeat(151) })).toEqual({
      ok: false,
      errors: [{ field: 'question', text: 'Your question must be 150 words or fewer' }],
    });
  });

  it('names every problem: no question, a malformed address', () => {
    expect(validateQuestion({ question: ' ', email: 'sample.asker' })).toEqual({
      ok: false,
      errors: [
        { field: 'question', text: 'Enter your question' },
        { field: 'email', text: 'Enter an email address in the correct format, like name@example.org' },
      ],
    });
    expect(validateQuestion({ question: 'Help?', email: ' sample.asker@example.org ' })).toEqual({
      ok: true,
      question: 'Help?',
      email: 'sample.asker@example.org',
    });
  });

  it('has an answer that is required and at most 3,000 characters', () => {
    expect(validateAnswer('  ')).toEqual({ ok: false, error: 'Enter an answer' });
    expect(validateAnswer('x'.repeat(3001))).toEqual({
      ok: false,
      error: 'The answer must be 3000 characters or fewer',
    });
    expect(validateAnswer(' Yes. ')).toEqual({ ok: true, text: 'Yes.' });
  });

  it('is read with a random 256-bit token, kept only as its SHA-256', () => {
    const tokens = new Set(Array.from({ length: 100 }, newReadingToken));

    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(isReadingToken(token)).toBe(true);
    expect(Buffer.from([...tokens][0] ?? '', 'base64url')).toHaveLength(32);
    expect(tokenHashOf('a'.repeat(43))).toMatch(/^[0-9a-f]{64}$/);
    expect(isReadingToken(`${'a'.repeat(43)}/`)).toBe(false);
    expect(isReadingToken('a'.repeat(42))).toBe(false);
  });

  it("has an 'answer ready' e-mail greeting no one, with the link and no reference", () => {
    const link = `https://www.example.org/quick-questions/answer/${'a'.repeat(43)}`;
    const email = renderQuickAnswerReadyEmail(link);

    expect(email.subject).toBe('Your answer from Victim First is ready');
    expect(email.text).toContain('\n\nHello,\n');
    expect(email.text).toContain(link);
    expect(email.html).toContain(link);
    expect(email.text).not.toContain('Your reference is');
    expect(email.text).toContain('call 999');
  });
});
