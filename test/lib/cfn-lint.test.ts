/**
 * cfn-lint on the synthesized template: CloudFormation's own resource specifications, beyond what cdk-nag
 * checks. No error passes; each warning must be one acknowledged below, with its reason.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultApp } from './synth.ts';

interface LintFinding {
  Level: 'Error' | 'Warning' | 'Informational';
  Rule: { Id: string };
  Message: string;
  Location: { Path: (string | number)[] };
}

interface Acknowledgement {
  rule: string;
  reason: string;
  covers(finding: LintFinding): boolean;
}

const ACKNOWLEDGED: Acknowledgement[] = [
  {
    rule: 'W3005',
    reason:
      'CDK makes a function (and the state machine) DependsOn its role and the role’s policy, so the policy exists before the first invocation; the Role GetAtt orders only the role itself. Redundant for the role, needed for the policy.',
    covers: (finding) =>
      /already enforced by a 'GetAtt' at 'Resources\/[^/]+\/Properties\/Role(Arn)?'/.test(finding.Message),
  },
];

function lint(templateFile: string): LintFinding[] {
  const result = spawnSync('cfn-lint', ['--format', 'json', templateFile], { encoding: 'utf8' });
  if (result.error) {
    throw new Error(
      `cfn-lint could not run (${result.error.message}): the template tests need cfn-lint on PATH (pip install cfn-lint)`,
    );
  }
  return JSON.parse(result.stdout || '[]') as LintFinding[];
}

describe('cfn-lint on the synthesized template', () => {
  const findings = lint(path.join(defaultApp().assemblyDir, 'Bcship.template.json'));
  const describeFinding = (finding: LintFinding) =>
    `${finding.Rule.Id} ${finding.Location.Path.join('/')}: ${finding.Message}`;

  it('finds no error', () => {
    expect(findings.filter((finding) => finding.Level === 'Error').map(describeFinding)).toEqual([]);
  });

  it('finds no warning that is not acknowledged with a reason', () => {
    const unacknowledged = findings.filter(
      (finding) =>
        finding.Level !== 'Error' &&
        !ACKNOWLEDGED.some((ack) => ack.rule === finding.Rule.Id && ack.covers(finding)),
    );
    expect(unacknowledged.map(describeFinding)).toEqual([]);
  });
});
