/**
 * The assignment rules deployed with the stack, shipped with the profiles they name (checked against them at
 * synthesis). A module of its own, imported by the onboarding port group only: the rules' schema is built when
 * its module loads, so any bundle importing it carries it.
 */
import {
  ASSIGNMENTS_FILE,
  type AssignmentRules,
  InvalidAssignments,
  parseAssignmentRules,
} from '../shipping/assignment.ts';
import { DEPLOYED_ASSIGNMENTS_FILE, shippedFile } from './profiles.ts';

/** The deployed rules, validated against the deployed profiles' names; an error when none are deployed. */
export function shippedAssignments(
  profileNames: readonly string[],
  json: string | undefined = shippedFile(DEPLOYED_ASSIGNMENTS_FILE),
): AssignmentRules {
  if (json === undefined) {
    throw new InvalidAssignments(
      [{ path: '', message: 'no assignment rules are deployed' }],
      ASSIGNMENTS_FILE,
    );
  }
  return parseAssignmentRules(JSON.parse(json), profileNames);
}
