/**
 * Starting and following the deployed state machine. The execution name is derived from the input and a
 * run id, so repeating a command attaches to the execution it already started instead of starting another.
 */
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { createStepFunctionsStarter } from '../lambdas/platform/aws-execution-starter.ts';
import { executionNameFor } from '../lambdas/platform/execution-names.ts';
import type { ExecutionInput } from '../lambdas/workflow-contract.ts';

export interface AwsRunOptions {
  stateMachineArn: string;
  /** Distinguishes deliberate re-runs of the same input; defaults to the current UTC hour. */
  runId?: string;
  client?: SFNClient;
  pollMs?: number;
  onHistoryEvent?: (event: HistoryEvent) => void;
  sleep?: (ms: number) => Promise<void>;
  /** Runs once the execution's name is known, before it is started (to store what its input refers to). */
  beforeStart?: (executionName: string) => Promise<void>;
}

export interface AwsExecution {
  executionArn: string;
  executionName: string;
  /** False when the same command had already started it. */
  started: boolean;
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  output?: unknown;
  error?: string;
  cause?: string;
}

const currentHourRunId = (now = new Date()): string => now.toISOString().slice(0, 13).replace(/[-T]/g, '');

function executionArnFor(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

export async function runOnAws(input: ExecutionInput, options: AwsRunOptions): Promise<AwsExecution> {
  const client = options.client ?? new SFNClient({});
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const executionName = executionNameFor(input, options.runId ?? currentHourRunId());
  // A name already used means an earlier command started this run: follow it rather than start a duplicate.
  await options.beforeStart?.(executionName);
  const starter = createStepFunctionsStarter({ client, stateMachineArn: options.stateMachineArn });
  const { started } = await starter.start(input, executionName);
  const executionArn = executionArnFor(options.stateMachineArn, executionName);

  // History is re-read from the start on each poll (executions here are short); ids dedupe what was shown.
  let lastEventId = 0;
  const readNewEvents = async () => {
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 500 }),
      );
      for (const event of page.events ?? []) {
        if ((event.id ?? 0) <= lastEventId) continue;
        lastEventId = event.id ?? lastEventId;
        options.onHistoryEvent?.(event);
      }
      nextToken = page.nextToken;
    } while (nextToken);
  };

  for (;;) {
    await readNewEvents();
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status && described.status !== 'RUNNING' && described.status !== 'PENDING_REDRIVE') {
      await readNewEvents();
      return {
        executionArn,
        executionName,
        started,
        status: described.status as AwsExecution['status'],
        output: described.output ? JSON.parse(described.output) : undefined,
        error: described.error,
        cause: described.cause,
      };
    }
    await sleep(options.pollMs ?? 2000);
  }
}

/**
 * A JSON document the stack keeps in S3 (`s3://bucket/key`): a run's full report, when the execution output
 * lists only its first changes. Needs `s3:GetObject` on the run artifacts bucket.
 */
export async function readS3Json(uri: string): Promise<unknown> {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) throw new Error(`Not an S3 location: ${uri}`);
  const { GetObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
  const object = await new S3Client({}).send(new GetObjectCommand({ Bucket: match[1], Key: match[2] }));
  return JSON.parse((await object.Body?.transformToString('utf8')) ?? 'null');
}
