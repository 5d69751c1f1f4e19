/**
 * Onboarding a new store, whatever announced it (the app's install, an onboard-requested event): the profile
 * its assignment rules pick (unless one is named), its registration, and one Onboard execution. The execution
 * is named after the store and what started it (the install, the event), so a trigger handled twice starts
 * one execution; Step Functions refuses a name it has seen.
 */
import { createHash } from 'node:crypto';
import { executionNameFor } from '../platform/execution-names.ts';
import type { AppDeps } from '../platform/ports.ts';
import { type Assignment, assignProfile } from '../shipping/assignment.ts';
import type { ExecutionInput } from '../workflow-contract.ts';

/** What onboarding reads and writes. */
export type OnboardingDeps = Pick<
  AppDeps,
  'stores' | 'executions' | 'profiles' | 'storeInformation' | 'assignments'
>;

export interface OnboardingTrigger {
  kind: 'install' | 'event';
  /** What tells this install or event apart from every other: its code or event id, digested below. */
  identity: string;
}

export interface OnboardingStarted {
  executionName: string;
  /** False when this trigger had started it already. */
  started: boolean;
}

/** The profile the rules give the store, from `GET /v2/store` (with `accessToken`, or the stored token). */
export async function assignedProfile(
  deps: OnboardingDeps,
  storeHash: string,
  accessToken?: string,
): Promise<Assignment> {
  const facts = await deps.storeInformation(storeHash, accessToken);
  return assignProfile(deps.assignments(), facts);
}

/**
 * Registers the store with `profile` (a deployed one: an unknown name throws InvalidProfile before anything is
 * written) and starts its `apply` run. The trigger's identity is digested, never used as it is: an install's
 * is its one-time code.
 */
export async function registerAndOnboard(
  deps: OnboardingDeps,
  storeHash: string,
  profile: string,
  trigger: OnboardingTrigger,
): Promise<OnboardingStarted> {
  deps.profiles.get(profile);
  const digest = createHash('sha256').update(trigger.identity).digest('hex').slice(0, 16);
  const runId = `${trigger.kind}-${digest}`;
  await deps.stores.registerStore(storeHash, profile);
  const input: ExecutionInput = {
    storeHash,
    profile,
    mode: 'apply',
    trigger: { kind: trigger.kind, id: runId },
  };
  const executionName = executionNameFor(input, runId);
  const { started } = await deps.executions.start(input, executionName);
  return { executionName, started };
}
