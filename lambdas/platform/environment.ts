/** Reads configuration that CDK sets next to the IAM grant it belongs to. */
export function requireEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new Error(
      `Environment variable ${name} is not set; the stack sets it on every function that needs it`,
    );
  }
  return value;
}
