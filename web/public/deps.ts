import type { ReceiveComplaintDeps } from '../../shared/application/complaints.ts';
import type { IntakeDeps } from '../../shared/application/ingest.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { FormDrafts } from '../../shared/ports/form-drafts.ts';
import type { OpenChatStore } from '../../shared/ports/open-chats.ts';
import type { QuickQuestions } from '../../shared/ports/quick-questions.ts';
import type { WebChatSlotBookings } from '../../shared/ports/web-chat-slots.ts';
import type { WebChatStore } from '../../shared/ports/web-chats.ts';
import type { ConnectChatDeps } from './pages/chat.ts';

/** The referral forms' ports: the intake, the answers kept between pages, and web chat slot bookings. */
export interface ReferralPagesDeps extends IntakeDeps {
  readonly drafts: FormDrafts;
  readonly webChatSlots: WebChatSlotBookings;
  /** Web chats booked into one slot at most (DEFAULT_WEB_CHAT_SLOT_CAPACITY unless configured). */
  readonly webChatSlotCapacity: number;
}

/**
 * What the public app is built from. Each area's ports are optional: an area's pages are mounted only when
 * its deps are given (the local system and the AWS handler give them all).
 */
export interface PublicDeps {
  readonly clock: Clock;
  /**
   * Cookies as `__Host-` names with `Secure` (AWS, over HTTPS); off only on the local system's
   * http://127.0.0.1, where a browser refuses Secure cookies.
   */
  readonly secureCookies: boolean;
  /**
   * Referrals: the self-referral and partner forms, opening cases through the same intake as the HTTP API
   * (shared/application/ingest.ts).
   */
  readonly referrals?: ReferralPagesDeps;
  /** Quick questions (docs/web-app.md, "Quick questions"): asked here, read at their private links. */
  readonly quickQuestions?: Pick<QuickQuestions, 'ask' | 'getByTokenHash'>;
  /**
   * Booked web chats: the victim's chat page at its one-time link (docs/web-chat.md); with `connect` (in
   * AWS) the chat runs through Amazon Connect, else through the stand-in.
   */
  readonly chat?: { readonly webChats: WebChatStore; readonly connect?: ConnectChatDeps };
  /** Complaints made on the public page (docs/complaints.md): kept, audited, their clocks started. */
  readonly complaints?: ReceiveComplaintDeps;
  /** Open web chat in service hours, answered by the call-taker on the rota (docs/web-chat.md). */
  readonly openChats?: OpenChatStore;
}
