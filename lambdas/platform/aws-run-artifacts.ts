/**
 * RunArtifactsPort on Amazon S3: each document one object, `runs/<executionId>/<key>.json`, in the stack's
 * run artifacts bucket (encrypted, private, expiring with the execution history that refers to it).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { MissingArtifact, type RunArtifactsPort } from './ports.ts';

export interface S3RunArtifactsOptions {
  client: S3Client;
  /** `RUN_ARTIFACTS_BUCKET`. */
  bucketName: string;
}

/** Where an execution's document is kept in the bucket; functions are granted `runs/*` only. */
const runArtifactKey = (executionId: string, key: string): string => `runs/${executionId}/${key}.json`;

export function createS3RunArtifacts({ client, bucketName }: S3RunArtifactsOptions): RunArtifactsPort {
  return {
    async put(executionId, key, document) {
      // Imported here rather than with the module, so that only a function that keeps artifacts loads the SDK.
      const { PutObjectCommand } = await import('@aws-sdk/client-s3');
      const objectKey = runArtifactKey(executionId, key);
      await client.send(
        new PutObjectCommand({
          Bucket: bucketName,
          Key: objectKey,
          Body: JSON.stringify(document),
          ContentType: 'application/json',
        }),
      );
      return `s3://${bucketName}/${objectKey}`;
    },
    async get<T>(executionId: string, key: string): Promise<T> {
      const { GetObjectCommand } = await import('@aws-sdk/client-s3');
      try {
        const object = await client.send(
          new GetObjectCommand({ Bucket: bucketName, Key: runArtifactKey(executionId, key) }),
        );
        return JSON.parse((await object.Body?.transformToString('utf8')) ?? 'null') as T;
      } catch (error) {
        if ((error as Error).name === 'NoSuchKey') {
          throw new MissingArtifact(`Run ${executionId} has no ${key} document`);
        }
        throw error;
      }
    },
  };
}
