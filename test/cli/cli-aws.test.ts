/** `--aws`: starting the deployed state machine with a deterministic name and following its history. */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runOnAws } from '../../cli/aws.ts';
import { main } from '../../cli/main.ts';
import { executionNameFor } from '../../lambdas/platform/execution-names.ts';
import {
  type ExecutionInput,
  type RunSummary,
  storedProfileDigest,
} from '../../lambdas/workflow-contract.ts';
import { largeProfile } from '../support/large-profile.ts';

const sfn = mockClient(SFNClient);
const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Onboard';
const input: ExecutionInput = { storeHash: 'abc123', profile: 'flat-rate', mode: 'apply' };

const summary: RunSummary = {
  storeHash: 'abc123',
  profileName: 'flat-rate',
  mode: 'apply',
  outcome: 'in-sync',
  changes: [],
  mismatches: [],
  warnings: [],
  zones: [{ zoneId: 1, zoneName: 'United States', methods: [{ type: 'perorder', name: 'Flat Rate' }] }],
  probe: null,
  counts: { changes: 0, mismatches: 0, warnings: 0, zones: 1 },
  report: 's3://bcship-run-artifacts/runs/abc123-flat-rate/report.json',
};

const history = [
  { id: 1, type: 'ExecutionStarted', timestamp: new Date() },
  {
    id: 2,
    type: 'TaskStateEntered',
    timestamp: new Date(),
    stateEnteredEventDetails: { name: 'ResolveZones' },
  },
  {
    id: 3,
    type: 'TaskStateExited',
    timestamp: new Date(),
    stateExitedEventDetails: { name: 'ResolveZones' },
  },
  { id: 4, type: 'ExecutionSucceeded', timestamp: new Date() },
];

beforeEach(() => {
  sfn.reset();
  sfn.on(GetExecutionHistoryCommand).resolves({ events: history as never });
  sfn
    .on(DescribeExecutionCommand)
    .resolves({ status: 'SUCCEEDED', output: JSON.stringify(summary) } as never);
});
afterEach(() => sfn.reset());

describe('runOnAws', () => {
  it('starts the execution under its deterministic name and returns the output', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE}:x`, startDate: new Date() });
    const seen: string[] = [];

    const result = await runOnAws(input, {
      stateMachineArn: STATE_MACHINE,
      runId: 'r1',
      client: new SFNClient({ region: 'us-east-1' }),
      onHistoryEvent: (e) => seen.push(e.type!),
      sleep: async () => {},
    });

    const start = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(start.name).toBe(executionNameFor(input, 'r1'));
    expect(JSON.parse(start.input!)).toEqual(input);
    expect(result).toMatchObject({ status: 'SUCCEEDED', started: true, output: summary });
    expect(seen).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskStateExited', 'ExecutionSucceeded']);
  });

  it('repeating the command follows the existing execution instead of starting a duplicate', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));

    const result = await runOnAws(input, {
      stateMachineArn: STATE_MACHINE,
      runId: 'r1',
      client: new SFNClient({ region: 'us-east-1' }),
      sleep: async () => {},
    });

    expect(result.started).toBe(false);
    expect(result.executionArn).toBe(
      `arn:aws:states:us-east-1:123456789012:execution:Onboard:${executionNameFor(input, 'r1')}`,
    );
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]!.args[0].input.executionArn).toBe(
      result.executionArn,
    );
  });

  it('polls until the execution ends and shows each history event once', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE}:x`, startDate: new Date() });
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({ status: 'RUNNING' } as never)
      .resolves({
        status: 'FAILED',
        error: 'UnknownZone',
        cause: 'Zone selector { name: X } matched no zone',
      } as never);
    const seen: number[] = [];
    let sleeps = 0;

    const result = await runOnAws(input, {
      stateMachineArn: STATE_MACHINE,
      client: new SFNClient({ region: 'us-east-1' }),
      onHistoryEvent: (e) => seen.push(e.id!),
      sleep: async () => {
        sleeps++;
      },
    });

    expect(sleeps).toBe(1);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(result).toMatchObject({ status: 'FAILED', error: 'UnknownZone' });
  });
});

describe('bcship onboard --aws', () => {
  it('needs the state machine ARN, with exit code 2', async () => {
    const err: string[] = [];
    const code = await main(['onboard', '--aws', '--store', 'abc123', '--profile', 'flat-rate'], {
      out: () => {},
      err: (t) => err.push(t),
      env: {},
      progress: false,
    });
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('--state-machine-arn');
  });

  it('prints the result of the deployed execution', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE}:x`, startDate: new Date() });
    const out: string[] = [];
    const code = await main(
      [
        'onboard',
        '--aws',
        '--store',
        'abc123',
        '--profile',
        'flat-rate',
        '--state-machine-arn',
        STATE_MACHINE,
      ],
      { out: (t) => out.push(t), err: () => {}, env: { AWS_REGION: 'us-east-1' }, progress: false },
    );
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('No changes: the store already matches the profile.');
    expect(JSON.parse(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input.input!)).toMatchObject({
      storeHash: 'abc123',
      profile: 'flat-rate',
      mode: 'apply',
      trigger: { kind: 'cli' },
    });
  });
});

describe('bcship onboard --aws with a profile too large for the execution input', () => {
  const s3 = mockClient(S3Client);
  let home = '';
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'bcship-aws-large-'));
  });
  afterEach(() => {
    s3.reset();
    rmSync(home, { recursive: true, force: true });
  });

  /** A profile file well over the 32 KB an execution input carries inline. */
  function largeProfileFile(): { file: string; profile: ReturnType<typeof largeProfile> } {
    const profile = largeProfile({ zones: 20, methods: 10, ranges: 10 });
    const file = join(home, 'large.json');
    writeFileSync(file, JSON.stringify(profile));
    return { file, profile };
  }

  const onboard = (file: string, env: Record<string, string>, out: string[] = [], err: string[] = []) =>
    main(['onboard', '--aws', '--store', 'abc123', '--profile', file, '--state-machine-arn', STATE_MACHINE], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env: { AWS_REGION: 'us-east-1', ...env },
      progress: false,
    });

  it('stores it in the run artifacts bucket before starting, and names it by its digest', async () => {
    const { file } = largeProfileFile();
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE}:x`, startDate: new Date() });
    s3.on(PutObjectCommand).resolves({});

    expect(await onboard(file, { BCSHIP_ARTIFACTS_BUCKET: 'bcship-artifacts' })).toBe(0);

    const [put] = s3.commandCalls(PutObjectCommand);
    const stored = JSON.parse(String(put!.args[0].input.Body)) as unknown;
    const input = JSON.parse(
      sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input.input!,
    ) as ExecutionInput;
    expect(input.profile).toEqual({ stored: storedProfileDigest(stored) });
    expect((stored as { zones: unknown[] }).zones).toHaveLength(20);
    const name = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input.name;
    expect(put!.args[0].input).toMatchObject({
      Bucket: 'bcship-artifacts',
      Key: `runs/${name}/profile.json`,
    });
  });

  it('needs BCSHIP_ARTIFACTS_BUCKET, with exit code 2, and starts nothing', async () => {
    const { file } = largeProfileFile();
    const err: string[] = [];
    expect(await onboard(file, {}, [], err)).toBe(2);
    expect(err.join('\n')).toContain('BCSHIP_ARTIFACTS_BUCKET');
    expect(sfn.commandCalls(StartExecutionCommand)).toEqual([]);
  });

  it('prints every change of a run whose output lists only the first, from the report in S3', async () => {
    const { file } = largeProfileFile();
    const zone = {
      name: 'Zip',
      type: 'zip',
      locations: [{ country_iso2: 'US', zip: '10001' }],
      enabled: true,
    };
    const change = (i: number) => ({ kind: 'create-zone', zoneName: `Zip ${i}`, zone });
    const report = {
      ...summary,
      outcome: 'succeeded',
      changes: Array.from({ length: 300 }, (_, i) => change(i)),
    };
    const cut = {
      ...summary,
      ...report,
      changes: report.changes.slice(0, 2),
      counts: { ...summary.counts, changes: 300 },
    };
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE}:x`, startDate: new Date() });
    sfn.on(DescribeExecutionCommand).resolves({ status: 'SUCCEEDED', output: JSON.stringify(cut) } as never);
    s3.on(PutObjectCommand).resolves({});
    s3.on(GetObjectCommand).resolves({
      Body: { transformToString: async () => JSON.stringify(report) },
    } as never);
    const out: string[] = [];

    const err: string[] = [];
    expect(
      await onboard(file, { BCSHIP_ARTIFACTS_BUCKET: 'bcship-artifacts' }, out, err),
      err.join('\n'),
    ).toBe(0);

    expect(out.join('\n')).toContain('300 change(s) made:');
    expect(out.join('\n')).toContain('+ create  zone Zip 299');
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'bcship-run-artifacts',
      Key: 'runs/abc123-flat-rate/report.json',
    });
  });
});

describe('bcship status --aws', () => {
  const dynamo = mockClient(DynamoDBDocumentClient);
  afterEach(() => dynamo.reset());

  it('reads the last run of each store from the deployed registry table', async () => {
    // The index lists the stores; each store's entry holds its last run.
    dynamo.on(QueryCommand).resolves({ Items: [{ storeHash: 'abc123', profileName: 'flat-rate' }] });
    dynamo.on(GetCommand).resolves({
      Item: {
        pk: 'STORE#abc123',
        sk: 'STORE',
        entity: 'store',
        storeHash: 'abc123',
        profileName: 'flat-rate',
        lastRun: {
          mode: 'verify',
          outcome: 'drifted',
          finishedAt: '2026-11-22T16:00:00.000Z',
          changes: [],
          mismatches: [{ kind: 'different' }],
        },
      },
    });
    const out: string[] = [];

    const code = await main(['status', '--aws', '--table', 'bcship-registry'], {
      out: (t) => out.push(t),
      err: () => {},
      env: { AWS_REGION: 'us-east-1' },
      progress: false,
    });

    expect(code).toBe(0);
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input.TableName).toBe('bcship-registry');
    expect(out.join('\n')).toMatch(/abc123\s+profile flat-rate\s+last verify drifted .*1 mismatch/);
  });

  it('needs the table name, with exit code 2', async () => {
    const err: string[] = [];
    const code = await main(['status', '--aws'], {
      out: () => {},
      err: (t) => err.push(t),
      env: {},
      progress: false,
    });
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('--table');
  });
});

describe('bcship onboard --aws, repeated', () => {
  it('says it is showing the result of the execution an earlier command started', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const err: string[] = [];
    const code = await main(
      [
        'onboard',
        '--aws',
        '--store',
        'abc123',
        '--profile',
        'flat-rate',
        '--state-machine-arn',
        STATE_MACHINE,
      ],
      { out: () => {}, err: (t) => err.push(t), env: { AWS_REGION: 'us-east-1' }, progress: false },
    );
    expect(code).toBe(0);
    expect(err.join('\n')).toMatch(/already started by an earlier command .* --run-id/);
  });
});
