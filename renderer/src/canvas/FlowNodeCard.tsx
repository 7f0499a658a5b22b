/**
 * A node on the canvas: category icon, name and kind, one input handle on the left and one
 * handle per output port on the right, an error badge, and live counts while a run goes.
 * Run counts come from the run inspector store per node, so a progress event re-renders only
 * the cards whose counts changed.
 */
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useRef } from 'react';
import type { StepInfo } from '../../../engine/api/index.js';
import { useRunInspectorStore, type RunInspectorState } from '../stores/run-inspector-store.js';
import { CategoryIcon } from './category-icon.js';
import { formatCount } from './format.js';
import { ERROR_PORT, type CanvasNode } from './flow-mapping.js';

function selectStep(nodeId: string): (state: RunInspectorState) => StepInfo | undefined {
  return (state) => state.steps[nodeId];
}

const stepSelectors = new Map<string, (state: RunInspectorState) => StepInfo | undefined>();

/** One selector function per node id, made once, so the subscription stays stable across renders. */
function stepSelector(nodeId: string): (state: RunInspectorState) => StepInfo | undefined {
  let selector = stepSelectors.get(nodeId);
  if (selector === undefined) {
    selector = selectStep(nodeId);
    stepSelectors.set(nodeId, selector);
  }
  return selector;
}

function FlowNodeCardView({ id, data, selected }: NodeProps<CanvasNode>) {
  const { node, kind, ports, problems } = data;
  const step = useRunInspectorStore(stepSelector(id));
  const updateNodeInternals = useUpdateNodeInternals();
  // React Flow measures handles when a node mounts; only a later change of ports needs a new measurement.
  const portsKey = ports.join('|');
  const measuredPorts = useRef(portsKey);
  useEffect(() => {
    if (measuredPorts.current !== portsKey) {
      measuredPorts.current = portsKey;
      updateNodeInternals(id);
    }
  }, [id, portsKey, updateNodeInternals]);

  const errors = problems.filter((problem) => problem.severity === 'error');
  const warnings = problems.length - errors.length;
  const category = kind?.category;
  const classes = ['fm-node', `fm-node--${category ?? 'unknown'}`, selected === true ? 'is-selected' : '', errors.length > 0 ? 'has-errors' : '', step !== undefined ? `is-${step.status.toLowerCase()}` : '']
    .filter(Boolean)
    .join(' ');

  return (
    <div className={classes} data-testid={`node-${id}`} data-node-id={id}>
      {kind?.hasInput !== false && <Handle type="target" position={Position.Left} id="in" className="fm-handle fm-handle--in" title="in" />}
      <div className="fm-node__header">
        <span className="fm-node__icon">
          <CategoryIcon category={category} size={16} />
        </span>
        <div className="fm-node__titles">
          <div className="fm-node__name" title={node.name}>
            {node.name || node.id}
          </div>
          <div className="fm-node__type">{kind !== undefined && kind.title !== node.name ? kind.title : node.type}</div>
        </div>
        {errors.length > 0 && (
          <span className="fm-badge fm-badge--error" data-testid={`node-${id}-errors`} title={errors.map((problem) => (problem.field === undefined ? problem.message : `${problem.field}: ${problem.message}`)).join('\n')}>
            {errors.length}
          </span>
        )}
        {errors.length === 0 && warnings > 0 && (
          <span className="fm-badge fm-badge--warning" title={problems.map((problem) => problem.message).join('\n')}>
            !
          </span>
        )}
      </div>
      {step !== undefined && (
        <div className="fm-node__run" data-testid={`node-${id}-run`}>
          <span className={`fm-status fm-status--${step.status.toLowerCase()}`}>{step.status.toLowerCase()}</span>
          {step.errors > 0 && (
            <span className="fm-node__dead" data-testid={`node-${id}-dead`} title="Records this node could not process, kept as dead letters: see the Dead letters tab">
              {formatCount(step.errors)} dead
            </span>
          )}
          {step.held > 0 && (
            <span className="fm-node__held" data-testid={`node-${id}-held`} title="Records waiting for a decision: see Approvals">
              {formatCount(step.held)} held
            </span>
          )}
          {step.unchanged > 0 && step.held === 0 && (
            <span className="fm-node__unchanged" data-testid={`node-${id}-unchanged`} title="Records an earlier run already delivered, or still keeps for a decision, so this run skipped them">
              {formatCount(step.unchanged)} unchanged
            </span>
          )}
          {kind?.hasInput !== false && <span className="fm-node__in">in {formatCount(step.recordsIn)}</span>}
        </div>
      )}
      <div className="fm-node__ports">
        {ports.map((port) => {
          const count = step?.outputs[port];
          return (
            <div key={port} className={`fm-port${port === ERROR_PORT ? ' fm-port--error' : ''}`} data-port={port}>
              {count !== undefined && (
                <span className="fm-port__count" data-testid={`count-${id}-${port}`}>
                  {formatCount(count)}
                </span>
              )}
              <span className="fm-port__label">{port}</span>
              <Handle type="source" position={Position.Right} id={port} className={`fm-handle fm-handle--out${port === ERROR_PORT ? ' fm-handle--error' : ''}`} title={port} />
            </div>
          );
        })}
      </div>
    </div>
  );
}

export const FlowNodeCard = memo(FlowNodeCardView);
