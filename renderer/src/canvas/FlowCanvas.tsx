/**
 * The flow canvas. The document store owns nodes and edges. This component keeps React Flow's
 * copy of the nodes so that drags and size measurements stay local until a drag ends, and the
 * new positions then become one undoable edit.
 */
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
  type OnNodeDrag,
} from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FlowProblemInfo } from '../../../engine/api/index.js';
import { addEdge, edgeRejection, INPUT_PORT, moveNodes } from '../document/flow-edits.js';
import { useCatalogStore, type CatalogState } from '../stores/catalog-store.js';
import { selectDocument, useDocumentStore } from '../stores/document-store.js';
import { useDraftProblems } from '../stores/flow-problems.js';
import { useSelectionStore, type SelectionState } from '../stores/selection-store.js';
import { useShellStore, type ShellState } from '../stores/shell-store.js';
import { useValidationStore, type ValidationState } from '../stores/validation-store.js';
import { attachCanvas, placeNode } from './canvas-bridge.js';
import { FlowNodeCard } from './FlowNodeCard.js';
import { buildCanvasEdges, buildCanvasNodes, type CanvasEdge, type CanvasNode } from './flow-mapping.js';

/** MIME type of a palette item being dragged: the node kind's type. */
export const NODE_KIND_MIME = 'application/x-flowmason-node-type';

// Props that React Flow copies into its store are module constants: a new object on every render
// would update the store and re-render every edge and node while a node is dragged.
const NODE_TYPES = { flow: FlowNodeCard };
const DEFAULT_EDGE_OPTIONS = { type: 'smoothstep' };
const DEFAULT_VIEWPORT = { x: 0, y: 0, zoom: 1 };
const PRO_OPTIONS = { hideAttribution: true };
const MULTI_SELECTION_KEYS = ['Meta', 'Control'];
const selectKinds = (state: CatalogState) => state.byType;
const selectValidation = (state: ValidationState) => ({ outputs: state.outputs, problemsByNode: state.problemsByNode, problems: state.problems });
const selectSelection = (state: SelectionState) => ({ nodeIds: state.nodeIds, edgeKeys: state.edgeKeys });
const selectFitRequest = (state: SelectionState) => state.fitRequest;
const selectFocusRequest = (state: SelectionState) => state.focusRequest;
const selectShowMinimap = (state: ShellState) => state.showMinimap;
const MINIMAP_STYLE = { width: 168, height: 104 };

/** Padding of a fit: room on the right for the overview, so it does not cover the nodes at the bottom right. */
function fitPadding(showMinimap: boolean): { top: `${number}%`; bottom: `${number}%`; left: `${number}%`; right: `${number}%` | `${number}px` } {
  return { top: '8%', bottom: '8%', left: '6%', right: showMinimap ? `${MINIMAP_STYLE.width + 40}px` : '6%' };
}

const CATEGORY_COLORS: Record<string, string> = {
  connector: '#0f9488',
  transform: '#7c3aed',
  validate: '#d97706',
  route: '#2563eb',
  approve: '#16a34a',
};

/** Adds the drafts' errors to the host's problems per node, so a node with invalid JSON shows an error badge. */
function withDraftProblems(
  byNode: Readonly<Record<string, readonly FlowProblemInfo[]>>,
  drafts: readonly FlowProblemInfo[],
): Readonly<Record<string, readonly FlowProblemInfo[]>> {
  if (drafts.length === 0) {
    return byNode;
  }
  const merged: Record<string, readonly FlowProblemInfo[]> = { ...byNode };
  for (const draft of drafts) {
    if (draft.nodeId !== undefined) {
      merged[draft.nodeId] = [draft, ...(merged[draft.nodeId] ?? [])];
    }
  }
  return merged;
}

function minimapColor(node: CanvasNode): string {
  return CATEGORY_COLORS[node.data.kind?.category ?? ''] ?? '#94a3b8';
}

export function FlowCanvas() {
  const flow = useDocumentStore(selectDocument);
  const loadCount = useDocumentStore((state) => state.loadCount);
  const kinds = useCatalogStore(selectKinds);
  const { outputs, problemsByNode: hostProblemsByNode, problems } = useValidationStore(useShallow(selectValidation));
  const drafts = useDraftProblems();
  const problemsByNode = useMemo(() => withDraftProblems(hostProblemsByNode, drafts), [hostProblemsByNode, drafts]);
  const { nodeIds, edgeKeys } = useSelectionStore(useShallow(selectSelection));
  const fitRequest = useSelectionStore(selectFitRequest);
  const focusRequest = useSelectionStore(selectFocusRequest);
  const showMinimap = useShellStore(selectShowMinimap);
  const reactFlow = useReactFlow<CanvasNode, CanvasEdge>();
  const container = useRef<HTMLDivElement>(null);
  const [nodes, setNodes] = useState<CanvasNode[]>([]);

  useLayoutEffect(() => {
    const selected = new Set(nodeIds);
    setNodes((previous) => buildCanvasNodes(new Map(previous.map((node) => [node.id, node])), flow, kinds, outputs, problemsByNode, selected));
  }, [flow, kinds, outputs, problemsByNode, nodeIds]);

  const problemEdges = useMemo(() => new Set(problems.filter((problem) => problem.edgeIndex !== undefined && problem.severity === 'error').map((problem) => problem.edgeIndex as number)), [problems]);
  const edges = useMemo(() => buildCanvasEdges(flow, new Set(edgeKeys), problemEdges), [flow, edgeKeys, problemEdges]);

  useEffect(() => {
    attachCanvas(reactFlow, container.current);
    return () => attachCanvas(null, null);
  }, [reactFlow]);

  // A fit waits until every node has been measured, or a freshly loaded flow would fit only part of itself.
  const pendingFit = useRef(false);
  useEffect(() => {
    if (fitRequest > 0 || loadCount > 0) {
      pendingFit.current = true;
    }
  }, [fitRequest, loadCount]);
  useEffect(() => {
    if (pendingFit.current && nodes.every((node) => node.measured !== undefined)) {
      pendingFit.current = false;
      void reactFlow.fitView({ padding: fitPadding(useShellStore.getState().showMinimap), maxZoom: 1.1 });
    }
  }, [nodes, fitRequest, loadCount, reactFlow]);

  useEffect(() => {
    if (focusRequest === null) {
      return;
    }
    const node = reactFlow.getNode(focusRequest.nodeId);
    if (node !== undefined) {
      const width = node.measured?.width ?? 200;
      const height = node.measured?.height ?? 80;
      void reactFlow.setCenter(node.position.x + width / 2, node.position.y + height / 2, { zoom: Math.max(reactFlow.getZoom(), 0.9), duration: 200 });
    }
  }, [focusRequest, reactFlow]);

  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    setNodes((current) => applyNodeChanges(changes, current));
    const selections = changes.filter((change) => change.type === 'select');
    if (selections.length > 0) {
      const selection = useSelectionStore.getState();
      const next = new Set(selection.nodeIds);
      for (const change of selections) {
        if (change.selected) {
          next.add(change.id);
        } else {
          next.delete(change.id);
        }
      }
      selection.select([...next], selection.edgeKeys);
    }
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<CanvasEdge>[]) => {
    const selections = changes.filter((change) => change.type === 'select');
    if (selections.length > 0) {
      const selection = useSelectionStore.getState();
      const next = new Set(selection.edgeKeys);
      for (const change of selections) {
        if (change.selected) {
          next.add(change.id);
        } else {
          next.delete(change.id);
        }
      }
      selection.select(selection.nodeIds, [...next]);
    }
  }, []);

  const onNodeDragStop: OnNodeDrag<CanvasNode> = useCallback((_event, _node, dragged) => {
    const document = useDocumentStore.getState().history.present;
    const byId = new Map(document.nodes.map((node) => [node.id, node]));
    const moved = new Map<string, { x: number; y: number }>();
    for (const node of dragged) {
      const before = byId.get(node.id);
      if (before !== undefined && (Math.round(node.position.x) !== before.position.x || Math.round(node.position.y) !== before.position.y)) {
        moved.set(node.id, node.position);
      }
    }
    if (moved.size > 0) {
      useDocumentStore.getState().edit((current) => moveNodes(current, moved));
    }
  }, []);

  const isValidConnection: IsValidConnection<CanvasEdge> = useCallback((connection) => {
    if (connection.sourceHandle === null || connection.sourceHandle === undefined) {
      return false;
    }
    const document = useDocumentStore.getState().history.present;
    return (
      edgeRejection(document, {
        from: { node: connection.source, port: connection.sourceHandle },
        to: { node: connection.target, port: connection.targetHandle ?? INPUT_PORT },
      }) === null
    );
  }, []);

  const onConnect = useCallback((connection: Connection) => {
    if (connection.sourceHandle === null) {
      return;
    }
    const edge = { from: { node: connection.source, port: connection.sourceHandle }, to: { node: connection.target, port: connection.targetHandle ?? INPUT_PORT } };
    useDocumentStore.getState().edit((current) => addEdge(current, edge));
  }, []);

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(NODE_KIND_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
    }
  }, []);

  const onDrop = useCallback((event: DragEvent) => {
    const type = event.dataTransfer.getData(NODE_KIND_MIME);
    const kind = useCatalogStore.getState().byType[type];
    if (kind === undefined) {
      return;
    }
    event.preventDefault();
    placeNode(kind, { x: event.clientX, y: event.clientY });
  }, []);

  return (
    <div className="fm-canvas" ref={container} data-testid="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<CanvasNode, CanvasEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_SELECTION_KEYS}
        minZoom={0.1}
        maxZoom={2}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        proOptions={PRO_OPTIONS}
        defaultViewport={DEFAULT_VIEWPORT}
      >
        <Background variant={BackgroundVariant.Dots} gap={18} size={1} color="#cbd5e1" />
        <Controls showInteractive={false} position="bottom-left">
          <ControlButton onClick={() => useShellStore.getState().setShowMinimap(!showMinimap)} title={showMinimap ? 'Hide the overview' : 'Show the overview'} aria-label={showMinimap ? 'Hide the overview' : 'Show the overview'} data-testid="toggle-minimap">
            <span aria-hidden="true">{showMinimap ? '▣' : '□'}</span>
          </ControlButton>
        </Controls>
        {showMinimap && flow.nodes.length > 0 && (
          <MiniMap<CanvasNode> pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={0} position="bottom-right" ariaLabel="Overview of the flow" style={MINIMAP_STYLE} />
        )}
      </ReactFlow>
      {flow.nodes.length === 0 && (
        <div className="fm-canvas__empty">
          <strong>Drag a node from the palette to start</strong>
          <span>Connectors read and write data; transforms, validation and routes sit between them.</span>
        </div>
      )}
    </div>
  );
}
