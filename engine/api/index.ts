/**
 * FlowmasonApi: the one contract between the designer and the engine host. Each concern declares
 * its methods in its own `*.api.ts` file; this file joins them. The engine host implements the
 * contract once; Electron IPC and web mode (HTTP + WebSocket) carry it unchanged.
 *
 * The renderer imports types from here and nothing else, so these files stay free of Node APIs.
 */
import type { Static } from '@sinclair/typebox';
import { APPROVAL_METHODS } from './approvals.api.js';
import { FLOW_METHODS } from './flows.api.js';
import type { ApiMethodTable } from './method-table.js';
import { NODE_KIND_METHODS } from './node-kinds.api.js';
import { OPERATION_METHODS } from './operations.api.js';
import { PARAMETER_METHODS } from './parameters.api.js';
import type { RunEventSource } from './run-events.api.js';
import { RUN_METHODS } from './runs.api.js';
import { SOURCE_PREVIEW_METHODS } from './source-preview.api.js';

/** Every request/response method of the API. Ledger search adds its table here. */
export const API_METHODS = {
  ...NODE_KIND_METHODS,
  ...FLOW_METHODS,
  ...RUN_METHODS,
  ...PARAMETER_METHODS,
  ...OPERATION_METHODS,
  ...APPROVAL_METHODS,
  ...SOURCE_PREVIEW_METHODS,
} as const satisfies ApiMethodTable;

export type ApiMethods = typeof API_METHODS;
export type ApiMethodName = keyof ApiMethods;
export type ApiRequest<M extends ApiMethodName> = Static<ApiMethods[M]['request']>;
export type ApiResponse<M extends ApiMethodName> = Static<ApiMethods[M]['response']>;

/** The request/response half of the API: one async method per entry of {@link API_METHODS}. */
export type ApiCalls = { [M in ApiMethodName]: (request: ApiRequest<M>) => Promise<ApiResponse<M>> };

export type FlowmasonApi = ApiCalls & RunEventSource;

export type { ApiFailure, ApiResult } from './api-errors.js';
export type { ApprovalInfo } from './approvals.api.js';
export type { ContinuationRunInfo } from './operations.api.js';
export type { FlowFileInfo, FlowProblemInfo } from './flows.api.js';
export type { NodeKindInfo } from './node-kinds.api.js';
export type { RunEventHandler, RunEventMessage, RunEventSource, Unsubscribe } from './run-events.api.js';
export type { DeadLetterInfo, RunInfo, StepInfo } from './runs.api.js';
export type { SourcePreviewInfo } from './source-preview.api.js';
export type { FlowDocument, FlowEdge, FlowNode, FlowParameter } from '../flow/flow-schema.js';
export type { FlowRecord, RecordError } from '../records.js';
export type { NodeCategory } from '../sdk/node-kind.js';
export type { RunStatus, StepStatus } from '../statuses.js';
