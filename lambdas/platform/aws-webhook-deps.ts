/**
 * The webhook receiver's signature check, as a port group of its own (see aws-deps.ts): only the receiver's
 * entry names it, so the Standard Webhooks crypto is bundled into the receiver alone.
 */
import { once, type PortGroup } from './aws-deps.ts';
import { secretTextReader } from './aws-secrets.ts';
import { ENV, requireEnv } from './environment.ts';
import { type RequestHeaders, webhookSignatureVerifier } from './webhook-signature.ts';

export const webhookPorts: PortGroup = (env) => {
  const verifier = once(() =>
    webhookSignatureVerifier({
      secretName: requireEnv(env, ENV.webhookSecretName),
      lookup: secretTextReader(),
    }),
  );
  return {
    // The client secret named in WEBHOOK_SECRET_NAME, read on first use, then cached like every other secret.
    verifySignature: async (rawBody: string, headers: RequestHeaders) => verifier()(rawBody, headers),
  };
};
