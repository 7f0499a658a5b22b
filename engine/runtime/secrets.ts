/**
 * Secret references (`{ "$secret": "erp-db" }`) are resolved only when a run starts, so secrets
 * never appear in flow files or the run history. The desktop app resolves them from the OS
 * keychain; runners from environment variables or a secrets file.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';

export interface SecretResolver {
  /** Returns the secret's value; throws an InputError naming the secret and where it was looked for. */
  resolve(name: string): string;
}

/** The environment variable a secret is read from: `erp-db` becomes `FLOWMASON_SECRET_ERP_DB`. */
export function secretVariableName(name: string): string {
  return `FLOWMASON_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * Looks a secret up in environment variables, then in an optional JSON file of `{ "name": "value" }`
 * (the file named by `FLOWMASON_SECRETS_FILE` when no path is given).
 */
export function createEnvironmentSecretResolver(
  environment: NodeJS.ProcessEnv = process.env,
  secretsFile: string | undefined = environment.FLOWMASON_SECRETS_FILE,
): SecretResolver {
  let fileSecrets: Record<string, unknown> | undefined;
  return {
    resolve(name: string): string {
      const variable = secretVariableName(name);
      const fromEnvironment = environment[variable];
      if (fromEnvironment !== undefined) {
        return fromEnvironment;
      }
      if (secretsFile !== undefined) {
        fileSecrets ??= readSecretsFile(secretsFile);
        const value = fileSecrets[name];
        if (typeof value === 'string') {
          return value;
        }
      }
      throw new InputError(
        `secret '${name}' is not set; set the environment variable ${variable}${secretsFile === undefined ? ' or FLOWMASON_SECRETS_FILE' : ` or add it to ${secretsFile}`}`,
      );
    },
  };
}

function readSecretsFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`secrets file ${path} cannot be read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(`secrets file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError(`secrets file ${path} must contain a JSON object of secret name to value`);
  }
  return parsed as Record<string, unknown>;
}
