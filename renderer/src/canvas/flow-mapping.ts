/**
 * Turns the flow document into React Flow nodes and edges. A canvas node object is reused while
 * nothing it shows changed, so React Flow and the memoised node cards skip it.
 */
import type { Edge, Node } from '@xyflow/react';
import type { FlowDocument, FlowNode, FlowProblemInfo, NodeKindInfo } from '../../../engine/api/index.js';
import { edgeKey, INPUT_PORT } from '../document/flow-edits.js';

export const ERROR_PORT = 'error';

export interface FlowNodeData extends Record<string, unknown> {
  node: FlowNode;
  kind: NodeKindInfo | undefined;
  ports: readonly string[];
  problems: readonly FlowProblemInfo[];
}

export type CanvasNode = Node<FlowNodeData, 'flow'>;
export type CanvasEdge = Edge;

const NO_PROBLEMS: readonly FlowProblemInfo[] = [];

function samePorts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((port, index) => port === b[index]);
}

function sameProblems(a: readonly FlowProblemInfo[], b: readonly FlowProblemInfo[]): boolean {
  return a.length === b.length && a.every((problem, index) => problem.message === b[index]?.message && problem.field === b[index]?.field);
}

/** Returns the node's output ports: as validated for its config, else its kind's defaults, else just `error`. */
export function portsOf(node: FlowNode, kind: NodeKindInfo | undefined, outputs: Readonly<Record<string, readonly string[]>>): readonly string[] {
  return outputs[node.id] ?? kind?.defaultOutputs ?? [ERROR_PORT];
}

export function buildCanvasNodes(
  previous: ReadonlyMap<string, CanvasNode>,
  flow: FlowDocument,
  kinds: Readonly<Record<string, NodeKindInfo>>,
  outputs: Readonly<Record<string, readonly string[]>>,
  problemsByNode: Readonly<Record<string, readonly FlowProblemInfo[]>>,
  selected: ReadonlySet<string>,
): CanvasNode[] {
  return flow.nodes.map((node) => {
    const kind = kinds[node.type];
    const old = previous.get(node.id);
    const ports = portsOf(node, kind, outputs);
    const problems = problemsByNode[node.id] ?? NO_PROBLEMS;
    const isSelected = selected.has(node.id);
    if (
      old !== undefined &&
      old.data.node === node &&
      old.data.kind === kind &&
      samePorts(old.data.ports, ports) &&
      sameProblems(old.data.problems, problems) &&
      old.selected === isSelected &&
      old.position.x === node.position.x &&
      old.position.y === node.position.y
    ) {
      return old;
    }
    return {
      id: node.id,
      type: 'flow',
      position: { x: node.position.x, y: node.position.y },
      data: {
        node,
        kind,
        ports: old !== undefined && samePorts(old.data.ports, ports) ? old.data.ports : ports,
        problems: old !== undefined && sameProblems(old.data.problems, problems) ? old.data.problems : problems,
      },
      selected: isSelected,
      ...(old?.measured === undefined ? {} : { measured: old.measured }),
    };
  });
}

export function buildCanvasEdges(flow: FlowDocument, selected: ReadonlySet<string>, problemEdges: ReadonlySet<number>): CanvasEdge[] {
  return flow.edges.map((edge, index) => {
    const id = edgeKey(edge);
    const classes = [edge.from.port === ERROR_PORT ? 'fm-edge--error-port' : '', problemEdges.has(index) ? 'fm-edge--invalid' : ''].filter(Boolean).join(' ');
    return {
      id,
      source: edge.from.node,
      sourceHandle: edge.from.port,
      target: edge.to.node,
      targetHandle: edge.to.port === INPUT_PORT ? INPUT_PORT : edge.to.port,
      selected: selected.has(id),
      ...(classes === '' ? {} : { className: classes }),
    };
  });
}
