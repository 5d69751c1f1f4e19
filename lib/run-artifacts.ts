/**
 * The run artifacts bucket: the documents an Onboard execution keeps beside its state (the resolved profile,
 * each zone's changes, the verification, the full report), because Step Functions limits every state to
 * 256 KB and a large store's profile alone exceeds it (see lambdas/workflow-contract.ts). Objects are
 * `runs/<executionId>/<key>.json`, written and read only by the functions whose operation `uses` artifacts.
 *
 * They expire after 90 days, with the execution history that refers to them. Encryption: S3 managed keys
 * (SSE-S3). The objects hold profile data (zones, methods, rates, what changed), never a secret, so a customer
 * managed key would add cost and key-policy upkeep without protecting anything more.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Step Functions keeps a Standard execution's history 90 days: an artifact is useless after that. */
const ARTIFACT_DAYS = 90;

export class RunArtifacts extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [
        { expiration: Duration.days(ARTIFACT_DAYS), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // Like the registry, kept when the stack is deleted: a bucket holding objects cannot be deleted anyway,
      // and what is in it expires on its own.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Objects are written and read only by the stack’s own functions, whose every call CloudTrail and the execution history already record; server access logs would need a second bucket and add nothing an audit needs.',
    });
  }
}
