/**
 * The shape every part of the FlowmasonApi contract shares: a method is a name with a request
 * schema and a response schema. The TypeScript types of both are derived from the schemas, and the
 * same schemas check every payload where it crosses a process boundary (HTTP, Electron IPC).
 */
import type { TSchema } from '@sinclair/typebox';

export interface ApiMethodSchemas {
  readonly request: TSchema;
  readonly response: TSchema;
}

export type ApiMethodTable = Readonly<Record<string, ApiMethodSchemas>>;
