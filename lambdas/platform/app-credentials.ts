/**
 * The app's OAuth client id and secret, from one secret `{ "clientId": "…", "clientSecret": "…" }`
 * (`APP_SECRET_NAME`, default `bcship/app/credentials`). The secret signs the load and uninstall JWTs and
 * goes with the client id to the token endpoint; it is never logged, shown or passed to an execution.
 */
import { type AppCredentials, MissingSecret } from './ports.ts';
import { type SecretLookup, secretObject } from './secret-names.ts';

export function appCredentialsReader(
  secretName: string,
  lookup: SecretLookup,
): () => Promise<AppCredentials> {
  return async () => {
    const value = await lookup(secretName);
    if (value === undefined) {
      throw new MissingSecret(
        `Secret ${secretName} does not exist; create it as { "clientId": "…", "clientSecret": "…" } with the app's credentials`,
      );
    }
    const { clientId, clientSecret } = secretObject(secretName, value);
    for (const [field, text] of [
      ['clientId', clientId],
      ['clientSecret', clientSecret],
    ] as const) {
      if (typeof text !== 'string' || text === '')
        throw new MissingSecret(`Secret ${secretName} has no "${field}" string`);
    }
    return { clientId: clientId as string, clientSecret: clientSecret as string };
  };
}
