/**
 * The BigCommerce app's callbacks (install, load, uninstall) behind one public Function URL: see
 * lambdas/app/callbacks.ts for what each does. The URL cannot use IAM auth (BigCommerce does not sign AWS
 * requests): an install is proved by its one-time code, a load or uninstall by its signed JWT.
 */
import * as z from 'zod/mini';
import { type AppRequest, type CallbackResult, handleCallback } from '../app/callbacks.ts';
import { defineOperation } from './operation.ts';

/** The parts of a Function URL event the callbacks read. Query values arrive decoded. */
const FunctionUrlRequestSchema = z.pipe(
  z.looseObject({
    rawPath: z.nullish(z.string()),
    headers: z.nullish(z.record(z.string(), z.optional(z.string()))),
    queryStringParameters: z.nullish(z.record(z.string(), z.optional(z.string()))),
    requestContext: z.nullish(
      z.looseObject({
        domainName: z.nullish(z.string()),
        http: z.nullish(z.looseObject({ method: z.string() })),
      }),
    ),
  }),
  z.transform((event): AppRequest => {
    const headers = event.headers ?? {};
    const host = event.requestContext?.domainName ?? headers.host ?? 'localhost';
    return {
      method: (event.requestContext?.http?.method ?? 'GET').toUpperCase(),
      path: event.rawPath ?? '/',
      query: event.queryStringParameters ?? {},
      // Function URLs are HTTPS; `bcship app serve` says http through the header every proxy sets.
      origin: `${headers['x-forwarded-proto'] === 'http' ? 'http' : 'https'}://${host}`,
    };
  }),
);

export const appCallbacks = defineOperation({
  name: 'app-callbacks',
  input: FunctionUrlRequestSchema,
  // The install exchanges a code and reads the store before BigCommerce's browser request gives up.
  timeoutSeconds: 25,
  uses: {
    appSecret: true,
    // Writes the token, never reads one: the install has it in hand.
    storeTokenWrites: true,
    registry: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    startExecutions: true,
    events: true,
    deployedProfiles: true,
    assignments: true,
  },
  run: handleCallback,
  // Never the query: it carries the code or the signed payload.
  report: ({ outcome, response, storeHash, profile, executionName }: CallbackResult) => ({
    counts: {
      AppCallbacks: 1,
      AppCallbacksUnauthorized: outcome === 'unauthorized' ? 1 : 0,
      AppInstalls: outcome === 'installed' ? 1 : 0,
    },
    summary: { outcome, statusCode: response.statusCode, storeHash, profile, executionName },
  }),
  respond: ({ response }: CallbackResult) => response,
});
