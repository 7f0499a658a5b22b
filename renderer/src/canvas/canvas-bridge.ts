/**
 * The canvas's React Flow instance, for the few callers outside the canvas that need screen
 * geometry (the palette places a double-clicked kind in the middle of the view).
 */
import type { ReactFlowInstance } from '@xyflow/react';
import type { NodeKindInfo } from '../../../engine/api/index.js';
import { addNode } from '../document/flow-edits.js';
import { useDocumentStore } from '../stores/document-store.js';
import { useSelectionStore } from '../stores/selection-store.js';
import type { CanvasEdge, CanvasNode } from './flow-mapping.js';

let instance: ReactFlowInstance<CanvasNode, CanvasEdge> | null = null;
let element: HTMLElement | null = null;

export function attachCanvas(flow: ReactFlowInstance<CanvasNode, CanvasEdge> | null, container: HTMLElement | null): void {
  instance = flow;
  element = container;
}

export function canvasInstance(): ReactFlowInstance<CanvasNode, CanvasEdge> | null {
  return instance;
}

/** Adds a node of `kind` at a screen position, or in the middle of the view, and selects it. */
export function placeNode(kind: NodeKindInfo, screen?: { x: number; y: number }): string {
  let position = { x: 80, y: 80 };
  if (instance !== null && element !== null) {
    const box = element.getBoundingClientRect();
    const point = screen ?? { x: box.left + box.width / 2 - 100, y: box.top + box.height / 2 - 40 };
    position = instance.screenToFlowPosition(point);
  }
  let nodeId = '';
  useDocumentStore.getState().edit((flow) => {
    const result = addNode(flow, kind, position);
    nodeId = result.nodeId;
    return result.flow;
  });
  useSelectionStore.getState().select([nodeId]);
  return nodeId;
}
