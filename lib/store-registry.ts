/**
 * The store registry: one DynamoDB table holding each registered store, its last runs and the undo journal
 * of executions, and the lease that keeps two executions from changing one store at once. Items are addressed by `pk`/`sk`; the sparse `byEntity` index (only items that carry an
 * `entity` attribute, i.e. registered store entries) makes "list every store" a Query instead of a Scan. Runs, journal items
 * and released or lapsed leases expire through `ttl`.
 *
 * Encryption: the AWS managed key (`aws/dynamodb`). The table holds store hashes, profile names, run
 * records and store leases, never a secret, so a customer managed key would add a monthly key cost, key-policy upkeep and a
 * `kms:Decrypt` grant on every function without protecting anything more; the managed key still records
 * every use in CloudTrail, which the default AWS owned key does not.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { BY_ENTITY_INDEX, TTL_ATTRIBUTE } from '../lambdas/platform/registry-layout.ts';

export class StoreRegistry extends Construct {
  readonly table: dynamodb.Table;
  readonly indexNames: readonly string[] = [BY_ENTITY_INDEX];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      // The registry is the only record of which carriers were connected and what each run changed.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: BY_ENTITY_INDEX,
      partitionKey: { name: 'entity', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      // Only what listing the fleet reads: a run's Record rewrites the store entry's lastRun without touching
      // the index, and a page holds some 10,000 stores instead of a few hundred.
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: ['storeHash', 'profileName'],
    });
  }
}
