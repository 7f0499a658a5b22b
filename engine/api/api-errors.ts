/**
 * The failure form of an API call. Both transports send `{ ok: false, error }` in place of a
 * response, and clients raise it as an error that keeps `kind`, so the renderer can tell a
 * problem the user fixes (`input`) from a bug (`internal`).
 */
import { Type, type Static } from '@sinclair/typebox';
import { ERROR_KINDS, errorKind, errorMessage } from '../errors.js';

export const ApiFailureSchema = Type.Object({
  kind: Type.Union(ERROR_KINDS.map((kind) => Type.Literal(kind))),
  message: Type.String(),
});
export type ApiFailure = Static<typeof ApiFailureSchema>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiFailure };

/** Describes any thrown value as an {@link ApiFailure}; internal errors keep their message, not their stack. */
export function toApiFailure(error: unknown): ApiFailure {
  return { kind: errorKind(error), message: errorMessage(error) };
}
