/**
 * `bcship.store.onboard-requested` on the bcship bus: onboard a store provisioned by other means (its token
 * secret already created). Detail `{ storeHash, profile? }`: without a profile, the assignment rules pick one
 * from the store's own facts. The store is registered and one `apply` execution starts, named after the
 * event's id: EventBridge keeps the id when it retries a delivery, so one event starts one execution.
 *
 * Bad detail, an unknown profile or a missing token secret fail the invocation before anything is written;
 * after its retries the event lands in the Failures queue with the reason in the logs.
 */
import * as z from 'zod/mini';
import { assignedProfile, type OnboardingDeps, registerAndOnboard } from '../app/onboarding.ts';
import type { SecretsPort } from '../platform/ports.ts';
import { ONBOARD_REQUESTED_EVENT } from '../platform/store-events.ts';
import { StoreHashInputSchema } from '../workflow-contract.ts';
import { defineOperation } from './operation.ts';

const OnboardRequestedSchema = z.looseObject({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  'detail-type': z.literal(ONBOARD_REQUESTED_EVENT),
  detail: z.strictObject({
    storeHash: StoreHashInputSchema,
    profile: z.optional(
      z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be the name of a deployed profile')),
    ),
  }),
});
type OnboardRequested = z.output<typeof OnboardRequestedSchema>;

export interface StartOnboardingResult {
  storeHash: string;
  profile: string;
  /** Why this profile: named by the event, or the assignment rule that picked it. */
  reason: string;
  executionName: string;
  started: boolean;
}

export type StartOnboardingDeps = OnboardingDeps & { secrets: SecretsPort };

async function run(event: OnboardRequested, deps: StartOnboardingDeps): Promise<StartOnboardingResult> {
  const { storeHash } = event.detail;
  // The token must exist before the store is registered: a run without it could only fail.
  await deps.secrets.getStoreToken(storeHash);
  const assignment = event.detail.profile
    ? { profile: event.detail.profile, reason: 'named by the event' }
    : await assignedProfile(deps, storeHash);
  const onboarding = await registerAndOnboard(deps, storeHash, assignment.profile, {
    kind: 'event',
    identity: event.id,
  });
  return { storeHash, profile: assignment.profile, reason: assignment.reason, ...onboarding };
}

export const startOnboarding = defineOperation({
  name: 'start-onboarding',
  input: OnboardRequestedSchema,
  timeoutSeconds: 30,
  uses: {
    storeSecrets: true,
    registry: ['dynamodb:UpdateItem'],
    startExecutions: true,
    deployedProfiles: true,
    assignments: true,
  },
  run,
  report: (result) => ({
    counts: { OnboardingsStarted: result.started ? 1 : 0 },
    summary: { ...result },
  }),
});
