/**
 * The webhook receiver's own ports, as a port group of its own (see aws-deps.ts): only the receiver's entry
 * names it, so the Standard Webhooks crypto and the pending-run adapter are bundled into the receiver alone.
 */
import { once, type PortGroup, registryTablePort } from './aws-deps.ts';
import { createDynamoPendingRuns } from './aws-pending-runs.ts';
import { secretTextReader } from './aws-secrets.ts';
import { ENV, requireEnv } from './environment.ts';
import type { PendingRunPort } from './ports.ts';
import { type RequestHeaders, webhookSignatureVerifier } from './webhook-signature.ts';

export const webhookPorts: PortGroup = (env) => {
  const verifier = once(() =>
    webhookSignatureVerifier({
      secretName: requireEnv(env, ENV.webhookSecretName),
      lookup: secretTextReader(),
    }),
  );
  const pendingRuns = registryTablePort(env, (table): PendingRunPort => createDynamoPendingRuns(table));
  const burstWindowSeconds = once(() => Number(requireEnv(env, ENV.webhookBurstSeconds)));
  return {
    // The client secret named in WEBHOOK_SECRET_NAME, read on first use, then cached like every other secret.
    verifySignature: async (rawBody: string, headers: RequestHeaders) => verifier()(rawBody, headers),
    get pendingRuns() {
      return pendingRuns();
    },
    get burstWindowSeconds() {
      return burstWindowSeconds();
    },
  };
};
