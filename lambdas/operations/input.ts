/**
 * Schemas for what each task receives (see workflow-contract.ts). They check the envelope the state machine
 * builds — the fields a task reads and their types — so a wiring mistake (a wrong ResultPath, a missing
 * Parameters entry) fails with the field's name instead of an undefined deep inside an operation. Values the
 * tasks themselves produced (plan actions, mismatches) are checked for shape only.
 */
import * as z from 'zod/mini';
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
  type ResolvedRun,
  type RunState,
  type StepResult,
  StoreHashInputSchema,
  type TaskInput,
  TriggerSchema,
  type VerificationOutcome,
  type VerificationResult,
  type ZoneOutcome,
  type ZoneRef,
  type ZoneResult,
  type ZoneTaskInput,
} from '../workflow-contract.ts';

export function toFieldIssues(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/** zod's defaults read "Invalid input: expected object, received undefined"; say what is wrong instead. */
const messageFor = (issue: z.core.$ZodRawIssue): string | undefined => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${issue.expected}`;
    case 'too_small':
      return `must be at least ${issue.minimum}${issue.origin === 'string' ? ' characters' : ''}`;
    case 'too_big':
      return `must be at most ${issue.maximum}${issue.origin === 'string' ? ' characters' : ''}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `has unknown fields: ${issue.keys.join(', ')}`;
    default:
      return undefined;
  }
};

/** Validates `value`, throwing InvalidInput that names each offending field. */
export function parseInput<Schema extends z.core.$ZodType>(schema: Schema, value: unknown): z.output<Schema> {
  const result = z.safeParse(schema, value, { error: messageFor });
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
}) satisfies z.ZodMiniType<ProbeResult>;

const DesiredMethodSchema = z.looseObject({
  type: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1)),
  enabled: z.boolean(),
  settings: z.record(z.string(), z.unknown()),
}) as unknown as z.ZodMiniType<DesiredMethod>;

const DesiredZoneSchema = z.looseObject({
  name: z.string().check(z.minLength(1)),
  type: z.enum(['zip', 'country', 'state', 'global']),
  locations: z.array(z.record(z.string(), z.string())),
  enabled: z.boolean(),
}) as unknown as z.ZodMiniType<DesiredZone>;

const ResolvedZoneSchema = z.object({
  // 0: a declared zone not created yet (plan and verify runs).
  zoneId: z.int().check(z.nonnegative()),
  zoneName: z.string(),
  selector: z.string(),
  methods: z.array(DesiredMethodSchema),
  declared: z.optional(DesiredZoneSchema),
  planned: z.optional(z.boolean()),
}) satisfies z.ZodMiniType<ResolvedZone>;

const WarningsSchema = z._default(z.array(z.string()), []);

const StepResultSchema = z.object({
  actions: z.array(PlanActionSchema),
  warnings: WarningsSchema,
}) satisfies z.ZodMiniType<StepResult>;

export const CaughtErrorSchema = z.looseObject({
  Error: z.string(),
  Cause: z.optional(z.string()),
}) satisfies z.ZodMiniType<CaughtError>;

const ZoneRefSchema = z.object({
  // 0: a declared zone not created yet (plan and verify runs).
  zoneId: z.int().check(z.nonnegative()),
  zoneName: z.string(),
}) satisfies z.ZodMiniType<ZoneRef>;

const CountSchema = z.int().check(z.nonnegative());

const ZoneOutcomeSchema = z.object({
  zoneId: z.int(),
  zoneName: z.string(),
  failed: z.boolean(),
  error: z.optional(CaughtErrorSchema),
  changes: CountSchema,
  warnings: CountSchema,
}) satisfies z.ZodMiniType<ZoneOutcome>;

/** The run artifacts, checked for shape when read: a document another version wrote fails naming the field. */
export const ResolvedRunSchema = z.object({
  zones: z.array(ResolvedZoneSchema),
  zoneActions: z.array(PlanActionSchema as unknown as z.ZodMiniType<ZoneAction>),
  checkout: z.array(CheckoutExpectationSchema),
}) satisfies z.ZodMiniType<ResolvedRun>;

export const ZoneResultSchema = z.extend(StepResultSchema, {
  zoneId: z.int(),
  zoneName: z.string(),
}) satisfies z.ZodMiniType<ZoneResult>;

export const VerificationResultSchema = z.object({
  ok: z.boolean(),
  mismatches: z.array(MismatchSchema),
  warnings: WarningsSchema,
}) satisfies z.ZodMiniType<VerificationResult>;

const VerificationOutcomeSchema = z.object({
  ok: z.boolean(),
  mismatches: CountSchema,
  warnings: CountSchema,
}) satisfies z.ZodMiniType<VerificationOutcome>;

/** Lower case, as ResolveZones wrote it; the raw input a failed ResolveZones leaves behind is read the same way. */
export const StoreHashSchema = StoreHashInputSchema;
const ExecutionIdSchema = z.string().check(z.minLength(1), z.maxLength(256));

export const RunStateSchema = z.looseObject({
  storeHash: StoreHashSchema,
  mode: z.enum(MODES),
  rollback: z.boolean(),
  trigger: TriggerSchema,
  profileName: z.string().check(z.minLength(1)),
  profileDeployed: z.boolean(),
  prune: z.boolean(),
  pruneZones: z.boolean(),
  zoneChanges: CountSchema,
  carriers: z.array(z.string().check(z.minLength(1))),
  zones: z.array(ZoneRefSchema),
  connected: StepResultSchema,
  applied: z.array(ZoneOutcomeSchema),
  verification: z.nullable(VerificationOutcomeSchema),
  checkoutExpectations: CountSchema,
  probe: z.nullable(ProbeResultSchema),
}) satisfies z.ZodMiniType<RunState>;

export const RunStateTaskInputSchema = z.object({
  state: RunStateSchema,
  executionId: ExecutionIdSchema,
}) satisfies z.ZodMiniType<TaskInput<RunState>>;

/** Verify reads zones back as many at a time as the ApplyZones Map applies them (absent: one at a time). */
export const VerifyTaskInputSchema = z.extend(RunStateTaskInputSchema, {
  concurrency: z._default(z.int().check(z.positive()), 1),
});

/** ResolveZones gets the raw execution input as its state; it validates it itself. */
export const ExecutionTaskInputSchema = z.object({
  state: z.unknown(),
  executionId: ExecutionIdSchema,
}) satisfies z.ZodMiniType<TaskInput<unknown>>;

export const ZoneTaskInputSchema = z.object({
  storeHash: StoreHashSchema,
  executionId: ExecutionIdSchema,
  mode: z.enum(MODES),
  prune: z.boolean(),
  index: CountSchema,
  zone: ZoneRefSchema,
}) satisfies z.ZodMiniType<ZoneTaskInput>;

/**
 * Rollback needs only the store. It also receives the raw execution input of a run that failed in
 * ResolveZones, whose store hash may be the very thing that was wrong: such a run journalled nothing.
 */
export const RollbackTaskInputSchema = z.object({
  state: z.object({ storeHash: z.optional(z.unknown()) }),
  executionId: ExecutionIdSchema,
});
export type RollbackTaskInput = z.output<typeof RollbackTaskInputSchema>;

/** RecordFailure's state is whatever the failed task had: a RunState, or the raw execution input. */
export const FailureTaskInputSchema = z.object({
  state: z.object({
    // Read when present, to say which run failed; any of them can be missing or malformed by then.
    storeHash: z.optional(z.unknown()),
    profileName: z.optional(z.unknown()),
    profile: z.optional(z.unknown()),
    mode: z.optional(z.unknown()),
    trigger: z.optional(z.unknown()),
    error: CaughtErrorSchema,
    /** Rollback's result (`{ undone }`) or a flag, when the state machine rolled back before recording. */
    rolledBack: z.optional(z.union([z.boolean(), z.looseObject({ undone: z.number() })])),
    rollbackError: z.optional(CaughtErrorSchema),
  }),
  executionId: ExecutionIdSchema,
});
export type FailureTaskInput = z.output<typeof FailureTaskInputSchema>;
