/**
 * Checks payloads where they cross a process boundary. The HTTP server and the Electron main
 * process call {@link dispatchApiCall} for every request, so an implementation of the API only
 * receives requests that match the contract, and a caller only receives responses that do.
 */
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import { InputError, InternalError } from '../errors.js';
import { API_METHODS, type ApiCalls, type ApiMethodName } from './index.js';
import { RunEventSchema, type RunEventMessage } from './run-events.api.js';

const compiled = new Map<TSchema, TypeCheck<TSchema>>();

function checker(schema: TSchema): TypeCheck<TSchema> {
  let check = compiled.get(schema);
  if (check === undefined) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  return check;
}

export function isApiMethodName(name: unknown): name is ApiMethodName {
  return typeof name === 'string' && Object.hasOwn(API_METHODS, name);
}

/** Describes the first few schema violations as `field 'a.b': message`. */
function describeViolations(check: TypeCheck<TSchema>, value: unknown): string {
  const details: string[] = [];
  for (const error of check.Errors(value)) {
    const field = error.path.split('/').filter((segment) => segment !== '').join('.');
    details.push(field === '' ? error.message : `field '${field}': ${error.message}`);
    if (details.length === 3) {
      break;
    }
  }
  return details.join('; ');
}

/** Throws an InputError naming the method and the field when `request` does not match the method's request schema. */
export function checkRequest(method: ApiMethodName, request: unknown): void {
  const check = checker(API_METHODS[method].request);
  if (!check.Check(request)) {
    throw new InputError(`invalid ${method} request: ${describeViolations(check, request)}`);
  }
}

/** Throws an InternalError when the host produced a response that breaks the contract. */
export function checkResponse(method: ApiMethodName, response: unknown): void {
  const check = checker(API_METHODS[method].response);
  if (!check.Check(response)) {
    throw new InternalError(`the engine host returned an invalid ${method} response: ${describeViolations(check, response)}`);
  }
}

/** Tells whether a value is a run event as the contract declares it. */
export function isRunEvent(value: unknown): value is RunEventMessage {
  return checker(RunEventSchema).Check(value);
}

/**
 * Calls `method` on `api` with `request` after checking both the name and the request, and checks
 * the response before returning it. Throws an InputError for an unknown method or a bad request.
 */
export async function dispatchApiCall(api: ApiCalls, method: unknown, request: unknown): Promise<unknown> {
  if (!isApiMethodName(method)) {
    throw new InputError(`unknown API method ${JSON.stringify(method)}; known methods: ${Object.keys(API_METHODS).join(', ')}`);
  }
  checkRequest(method, request);
  const call = api[method] as (request: unknown) => Promise<unknown>;
  const response = await call.call(api, request);
  checkResponse(method, response);
  return response;
}
