/**
 * Schemas for what each task receives (see workflow-contract.ts). They check the envelope the state machine
 * builds — the fields a task reads and their types — so a wiring mistake (a wrong ResultPath, a missing
 * Parameters entry) fails with the field's name instead of an undefined deep inside an operation. Values the
 * tasks themselves produced (plan actions, mismatches) are checked for shape only.
 */
import * as z from 'zod';
import type { CheckoutExpectation, ExpectationOutcome } from '../shipping/checkout.ts';
import { type FieldIssue, InvalidInput } from '../shipping/errors.ts';
import type {
  DesiredMethod,
  DesiredZone,
  Mismatch,
  PlanAction,
  ResolvedZone,
  ZoneAction,
} from '../shipping/types.ts';
import { formatPath } from '../shipping/values.ts';
import {
  type CaughtError,
  MODES,
  type ProbeResult,
  type RunState,
  type StepResult,
  StoreHashInputSchema,
  type TaskInput,
  TriggerSchema,
  type VerificationResult,
  type ZoneResult,
  type ZoneTaskInput,
} from '../workflow-contract.ts';

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/** zod's defaults read "Invalid input: expected object, received undefined"; say what is wrong instead. */
const messageFor = (issue: z.core.$ZodRawIssue): string | undefined => {
  if (issue.code !== 'invalid_type') return undefined;
  return issue.input === undefined ? 'is required' : `must be ${issue.expected}`;
};

/** Validates `value`, throwing InvalidInput that names each offending field. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> {
  const result = schema.safeParse(value, { error: messageFor });
  if (!result.success) throw new InvalidInput(toFieldIssues(result.error));
  return result.data;
}

const isObjectWith =
  (key: string) =>
  (value: unknown): boolean =>
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Record<string, unknown>)[key] === 'string';

const PlanActionSchema = z.custom<PlanAction>(isObjectWith('kind'), 'must be a plan action with a "kind"');
const MismatchSchema = z.custom<Mismatch>(isObjectWith('kind'), 'must be a mismatch with a "kind"');
/** Parsed in full by ResolveZones, from the profile; here checked for shape only, like plan actions. */
const CheckoutExpectationSchema = z.custom<CheckoutExpectation>(
  isObjectWith('name'),
  'must be a checkout expectation with a "name"',
);
const ProbeResultSchema = z.object({
  ok: z.boolean(),
  outcomes: z.array(
    z.custom<ExpectationOutcome>(isObjectWith('name'), 'must be a probe outcome with a "name"'),
  ),
}) satisfies z.ZodType<ProbeResult>;

const DesiredMethodSchema = z.looseObject({
  type: z.string().min(1),
  name: z.string().min(1),
  enabled: z.boolean(),
  settings: z.record(z.string(), z.unknown()),
}) as unknown as z.ZodType<DesiredMethod>;

const DesiredZoneSchema = z.looseObject({
  name: z.string().min(1),
  type: z.enum(['zip', 'country', 'state', 'global']),
  locations: z.array(z.record(z.string(), z.string())),
  enabled: z.boolean(),
}) as unknown as z.ZodType<DesiredZone>;

export const ResolvedZoneSchema = z.object({
  // 0: a declared zone not created yet (plan and verify runs).
  zoneId: z.number().int().nonnegative(),
  zoneName: z.string(),
  selector: z.string(),
  methods: z.array(DesiredMethodSchema),
  declared: DesiredZoneSchema.optional(),
  planned: z.boolean().optional(),
}) satisfies z.ZodType<ResolvedZone>;

const WarningsSchema = z.array(z.string()).default([]);

const StepResultSchema = z.object({
  actions: z.array(PlanActionSchema),
  warnings: WarningsSchema,
}) satisfies z.ZodType<StepResult>;

const ZoneResultSchema = StepResultSchema.extend({
  zoneId: z.number().int(),
  zoneName: z.string(),
}) satisfies z.ZodType<ZoneResult>;

const VerificationResultSchema = z.object({
  ok: z.boolean(),
  mismatches: z.array(MismatchSchema),
  warnings: WarningsSchema,
}) satisfies z.ZodType<VerificationResult>;

/** Lower case, as ResolveZones wrote it; the raw input a failed ResolveZones leaves behind is read the same way. */
export const StoreHashSchema = StoreHashInputSchema;
const ExecutionIdSchema = z.string().min(1).max(256);

export const RunStateSchema = z.looseObject({
  storeHash: StoreHashSchema,
  mode: z.enum(MODES),
  rollback: z.boolean(),
  trigger: TriggerSchema,
  profileName: z.string().min(1),
  // States written before it existed come from a ResolveZones that had already registered the store.
  profileDeployed: z.boolean().default(false),
  prune: z.boolean(),
  pruneZones: z.boolean().default(false),
  zoneActions: z.array(PlanActionSchema as unknown as z.ZodType<ZoneAction>).default([]),
  carriers: z.array(z.string().min(1)),
  zones: z.array(ResolvedZoneSchema),
  connected: StepResultSchema,
  applied: z.array(ZoneResultSchema),
  verification: VerificationResultSchema.nullable(),
  // States written before the Probe step existed carry neither.
  checkout: z.array(CheckoutExpectationSchema).default([]),
  probe: ProbeResultSchema.nullable().default(null),
}) satisfies z.ZodType<RunState>;

export const RunStateTaskInputSchema = z.object({
  state: RunStateSchema,
  executionId: ExecutionIdSchema,
}) satisfies z.ZodType<TaskInput<RunState>>;

/** ResolveZones gets the raw execution input as its state; it validates it itself. */
export const ExecutionTaskInputSchema = z.object({
  state: z.unknown(),
  executionId: ExecutionIdSchema,
}) satisfies z.ZodType<TaskInput<unknown>>;

export const ZoneTaskInputSchema = z.object({
  storeHash: StoreHashSchema,
  executionId: ExecutionIdSchema,
  mode: z.enum(MODES),
  prune: z.boolean(),
  zone: ResolvedZoneSchema,
}) satisfies z.ZodType<ZoneTaskInput>;

/**
 * Rollback needs only the store. It also receives the raw execution input of a run that failed in
 * ResolveZones, whose store hash may be the very thing that was wrong: such a run journalled nothing.
 */
export const RollbackTaskInputSchema = z.object({
  state: z.object({ storeHash: z.unknown().optional() }),
  executionId: ExecutionIdSchema,
});
export type RollbackTaskInput = z.output<typeof RollbackTaskInputSchema>;

export const CaughtErrorSchema = z.looseObject({
  Error: z.string(),
  Cause: z.string().optional(),
}) satisfies z.ZodType<CaughtError>;

/** RecordFailure's state is whatever the failed task had: a RunState, or the raw execution input. */
export const FailureTaskInputSchema = z.object({
  state: z.object({
    // Read when present, to say which run failed; any of them can be missing or malformed by then.
    storeHash: z.unknown().optional(),
    profileName: z.unknown().optional(),
    profile: z.unknown().optional(),
    mode: z.unknown().optional(),
    trigger: z.unknown().optional(),
    error: CaughtErrorSchema,
    /** Rollback's result (`{ undone }`) or a flag, when the state machine rolled back before recording. */
    rolledBack: z.union([z.boolean(), z.looseObject({ undone: z.number() })]).optional(),
    rollbackError: CaughtErrorSchema.optional(),
  }),
  executionId: ExecutionIdSchema,
});
export type FailureTaskInput = z.output<typeof FailureTaskInputSchema>;
