import type { PublicDeps, ReferralPagesDeps } from '../deps.ts';
import { publicPage } from '../layout.ts';
import type { PublicRoute } from '../routes.ts';

/**
 * The self-referral form (docs/public-pages.md, "Self-referral"): a start page, a page per question, "Check
 * your answers" and a confirmation, sent through the same intake as `POST /referrals/self`.
 */
export function createSelfReferralPages(
  _deps: PublicDeps & { readonly referrals: ReferralPagesDeps },
): PublicRoute[] {
  return [
    {
      method: 'GET',
      path: '/self-referral',
      handler: async (request) =>
        publicPage(request, 'self-referral-start', { title: 'Ask Victim First for support' }),
    },
  ];
}
