/**
 * The local runner enforces Step Functions' 256 KiB payload limit as AWS does: a state whose input or output,
 * or a task whose result, is larger ends the execution with States.DataLimitExceeded, past every Catch, and no
 * later state runs.
 */
import { describe, expect, it } from 'vitest';
import type { OnboardAsl } from '../../lib/asl.ts';
import {
  DATA_LIMIT_EXCEEDED,
  PAYLOAD_LIMIT_BYTES,
  runOnboardLocally,
  type TaskInvoker,
} from '../../local/runner.ts';

const TASK_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:Fake';

/** Start ─► Work (a Task whose Catch leads to Recover) ─► Done. */
function definitionWith(start: Record<string, unknown>): OnboardAsl {
  return {
    definition: {
      StartAt: 'Start',
      States: {
        Start: { ...start, Next: 'Work' },
        Work: {
          Type: 'Task',
          Resource: TASK_ARN,
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }],
          Next: 'Done',
        },
        Recover: { Type: 'Pass', End: true },
        Done: { Type: 'Succeed' },
      },
    },
    tasks: { [TASK_ARN]: { logicalId: 'Fake', operation: 'record', timeoutSeconds: 10 } },
  };
}

const text = (bytes: number) => 'x'.repeat(bytes);

async function run(asl: OnboardAsl, invokeTask: TaskInvoker) {
  const execution = await runOnboardLocally(
    { storeHash: 'abc123', profile: 'flat-rate' },
    { asl, invokeTask, executionName: 'payload-limit', retryDelayMs: 0 },
  );
  const entered = execution.events.flatMap((e) => (e.type === 'StateEntered' ? [e.state.name] : []));
  return { execution, entered };
}

describe('payload limit of the local runner', () => {
  it('fails with States.DataLimitExceeded when a state output passes 256 KiB, and runs nothing after it', async () => {
    const calls: unknown[] = [];
    const { execution, entered } = await run(
      definitionWith({ Type: 'Pass', Result: text(PAYLOAD_LIMIT_BYTES) }),
      async (_name, payload) => {
        calls.push(payload);
        return {};
      },
    );

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe(DATA_LIMIT_EXCEEDED);
    expect(execution.cause).toMatch(/state 'Start' output .*exceeding/);
    expect(calls).toEqual([]);
    expect(entered).not.toContain('Recover');
  });

  it('fails a task whose result passes the limit, and its Catch does not handle it', async () => {
    const { execution, entered } = await run(definitionWith({ Type: 'Pass' }), async () => ({
      big: text(PAYLOAD_LIMIT_BYTES + 1),
    }));

    expect(execution.error).toBe(DATA_LIMIT_EXCEEDED);
    expect(execution.cause).toMatch(/task 'Work' result/);
    expect(entered).not.toContain('Recover');
    expect(entered).not.toContain('Done');
  });

  it('counts UTF-8 bytes, not characters', async () => {
    // 100 000 three-byte characters: 300 000 bytes, well under 256 Ki characters.
    const { execution } = await run(
      definitionWith({ Type: 'Pass', Result: '€'.repeat(100_000) }),
      async () => ({}),
    );

    expect(execution.error).toBe(DATA_LIMIT_EXCEEDED);
  });

  it('lets a payload just under the limit through', async () => {
    const { execution, entered } = await run(
      definitionWith({ Type: 'Pass', Result: text(PAYLOAD_LIMIT_BYTES - 1024) }),
      async () => ({ ok: true }),
    );

    expect(execution.status).toBe('SUCCEEDED');
    expect(entered).toContain('Done');
  });
});
