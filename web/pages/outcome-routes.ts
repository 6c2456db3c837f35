import type { Route } from '../route-table.ts';
import type { createImprovementPlanPages } from './improvement-plans.ts';
import type { createOutcomePages } from './outcomes.ts';

/**
 * The routes of outcomes against targets (docs/outcomes.md), part of the route table (web/routes.ts): the
 * analyst's police survey upload, the administrator's targets, the team leaders' improvement plans.
 */
export function outcomeRoutes(
  outcomes: ReturnType<typeof createOutcomePages> | undefined,
  improvementPlans: ReturnType<typeof createImprovementPlanPages> | undefined,
): Route[] {
  return [
    // Outcomes against targets: the analyst's survey upload, the administrator's targets.
    ...(outcomes
      ? ([
          {
            method: 'GET',
            path: '/surveys',
            permission: 'surveys:import',
            handler: (ctx) => outcomes.surveysPage(ctx),
          },
          {
            method: 'POST',
            path: '/surveys',
            permission: 'surveys:import',
            handler: (ctx) => outcomes.surveysPost(ctx),
          },
          {
            method: 'GET',
            path: '/targets',
            permission: 'targets:manage',
            handler: (ctx) => outcomes.targetsPage(ctx),
          },
          {
            method: 'POST',
            path: '/targets',
            permission: 'targets:manage',
            handler: (ctx) => outcomes.targetsPost(ctx),
          },
        ] satisfies Route[])
      : []),
    // A missed target's improvement plan: the team leaders write it and track its actions to done.
    ...(improvementPlans
      ? ([
          {
            method: 'GET',
            path: '/improvement-plans',
            permission: 'plans:write',
            handler: (ctx) => improvementPlans.plansPage(ctx),
          },
          {
            method: 'GET',
            path: '/improvement-plans/:planId',
            permission: 'plans:write',
            handler: (ctx, p) => improvementPlans.planPage(ctx, p.planId ?? ''),
          },
          {
            method: 'POST',
            path: '/improvement-plans/:planId/actions',
            permission: 'plans:write',
            handler: (ctx, p) => improvementPlans.addActionPost(ctx, p.planId ?? ''),
          },
          {
            method: 'POST',
            path: '/improvement-plans/:planId/actions/:actionId/done',
            permission: 'plans:write',
            handler: (ctx, p) => improvementPlans.donePost(ctx, p.planId ?? '', p.actionId ?? ''),
          },
          {
            method: 'POST',
            path: '/improvement-plans/:planId/written',
            permission: 'plans:write',
            handler: (ctx, p) => improvementPlans.writtenPost(ctx, p.planId ?? ''),
          },
        ] satisfies Route[])
      : []),
  ];
}
