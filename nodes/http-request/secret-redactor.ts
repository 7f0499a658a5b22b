/**
 * Keeps credentials out of messages. Every error message the node produces passes through
 * {@link SecretRedactor.redact}, which replaces each known secret, such as a password, a token,
 * or the Base64 form of basic credentials, because a server may echo them in an error body.
 */

/** Secrets shorter than this are not searched for, because replacing every `ab` in a message would garble it. */
const MINIMUM_SECRET_LENGTH = 4;

export class SecretRedactor {
  private readonly secrets = new Set<string>();

  constructor(secrets: readonly string[] = []) {
    for (const secret of secrets) {
      this.add(secret);
    }
  }

  add(secret: string): void {
    if (secret.length >= MINIMUM_SECRET_LENGTH) {
      this.secrets.add(secret);
    }
  }

  redact(text: string): string {
    let redacted = text;
    for (const secret of this.secrets) {
      redacted = redacted.split(secret).join('[secret]');
    }
    return redacted;
  }
}

/** Describes a URL for messages and ledger targets: scheme, host, port and path, without user info or query, where credentials may sit. */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
