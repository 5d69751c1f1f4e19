/**
 * The assignment rules deployed with the stack, bundled with the profiles they name (checked against them at
 * synthesis). A module of its own, imported by the onboarding port group only: the rules' schema is built when
 * its module loads, so any bundle importing it carries it.
 */
import {
  ASSIGNMENTS_FILE,
  type AssignmentRules,
  InvalidAssignments,
  parseAssignmentRules,
} from '../shipping/assignment.ts';

declare global {
  /** The assignment rules as a JSON string, substituted by esbuild `define` with the profiles. */
  var BCSHIP_ASSIGNMENTS: string | undefined;
}

/** The deployed rules, validated against the deployed profiles' names; an error when none are deployed. */
export function bundledAssignments(
  profileNames: readonly string[],
  json: string | undefined = globalThis.BCSHIP_ASSIGNMENTS,
): AssignmentRules {
  if (json === undefined) {
    throw new InvalidAssignments(
      [{ path: '', message: 'no assignment rules are deployed' }],
      ASSIGNMENTS_FILE,
    );
  }
  return parseAssignmentRules(JSON.parse(json), profileNames);
}
