/**
 * The answers a visitor has given on a public form so far (docs/public-pages.md), kept on the server between
 * its pages. A draft is found only by its key: a hash of a random id that only the visitor's cookie holds,
 * so no other visitor can read it. It is forgotten after a while (TTL).
 */

/** One answer: a text, or the values of a set of checkboxes. */
export type DraftAnswer = string | readonly string[];

export interface FormDraft {
  /** The form it belongs to (`self-referral`, `partner-referral`, ...): one visitor may have several. */
  readonly form: string;
  /** Drawn when the draft began: the referral's external reference, so submitting twice opens one case. */
  readonly submissionId: string;
  readonly answers: Readonly<Record<string, DraftAnswer>>;
  /** The case the form opened, once it has been sent. */
  readonly caseId?: string;
}

export interface FormDrafts {
  /** The draft under `key`, unless there is none or it has expired by `now`. */
  get(key: string, now: Date): Promise<FormDraft | undefined>;
  /** Keeps the draft under `key` until `expiresAt`, replacing what was there (a retried write is the same). */
  put(key: string, draft: FormDraft, expiresAt: Date): Promise<void>;
}
