/**
 * `bcship profiles assign --store H`: which profile the assignment rules (`profiles/assignments.yaml`) give a
 * store, and why, from what the store says about itself (`GET /v2/store`, as an install reads it). Writes
 * nothing.
 */
import { assignProfile } from '../lambdas/shipping/assignment.ts';
import { directoryAssignments } from '../lib/directory-profiles.ts';
import { localCliDeps } from './local-cli-deps.ts';
import { type CliIO, table, terminalSafe } from './report.ts';
import { EXIT, profilesDirectory, UsageError } from './run.ts';

export interface AssignOptions {
  store: string;
  home: string;
  secrets?: string;
  apiUrl?: string;
  json?: boolean;
}

const FACTS = ['country_code', 'currency', 'weight_units', 'plan_name', 'plan_level', 'domain'] as const;

export async function assignStoreProfile(options: AssignOptions, io: CliIO): Promise<number> {
  const storeHash = options.store.toLowerCase();
  const deps = localCliDeps(options, io, storeHash);
  const dir = profilesDirectory();
  const rules = directoryAssignments(dir, deps.profiles.names());
  if (!rules)
    throw new UsageError(`${dir} has no assignments.yaml: there are no rules to assign a profile by`);
  const facts = await (await deps.bigcommerce(storeHash)).getStore();
  const assignment = assignProfile(rules, facts);
  if (options.json) {
    io.out(
      JSON.stringify(
        { storeHash, ...assignment, facts: Object.fromEntries(FACTS.map((key) => [key, facts[key]])) },
        null,
        2,
      ),
    );
    return EXIT.ok;
  }
  io.out(`Store ${storeHash} gets profile ${assignment.profile}: ${terminalSafe(assignment.reason)}`);
  io.out(
    table(
      ['fact (GET /v2/store)', 'value'],
      FACTS.map((key) => [key, String(facts[key] ?? '')]),
    ),
  );
  return EXIT.ok;
}
