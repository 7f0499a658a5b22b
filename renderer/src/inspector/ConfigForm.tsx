/** The config of one node as a form generated from its kind's JSON Schema (rjsf), with the host's problems under each field. */
import Form from '@rjsf/core';
import type { IChangeEvent } from '@rjsf/core';
import type { RJSFSchema } from '@rjsf/utils';
import { useMemo } from 'react';
import type { FlowNode, FlowProblemInfo, NodeKindInfo } from '../../../engine/api/index.js';
import { setNodeConfig } from '../document/flow-edits.js';
import { useDocumentStore } from '../stores/document-store.js';
import { configErrorSchema } from './config-errors.js';
import type { ConfigFormContext } from './config-form-context.js';
import { FORM_FIELDS, FORM_WIDGETS } from './form-widgets.js';
import { structuralValidator } from './schema-validator.js';
import { configUiSchema, formSchema } from './ui-schema.js';

export function ConfigForm({ node, kind, problems }: { node: FlowNode; kind: NodeKindInfo; problems: readonly FlowProblemInfo[] }) {
  const schema = useMemo(() => formSchema(kind.configSchema) as RJSFSchema, [kind.configSchema]);
  const uiSchema = useMemo(() => configUiSchema(kind.configSchema), [kind.configSchema]);
  const extraErrors = useMemo(() => configErrorSchema(problems), [problems]);
  const formContext: ConfigFormContext = useMemo(() => ({ nodeId: node.id }), [node.id]);

  const onChange = (event: IChangeEvent) => {
    const config = (event.formData ?? {}) as Record<string, unknown>;
    if (JSON.stringify(config) === JSON.stringify(node.config)) {
      return;
    }
    useDocumentStore.getState().edit((flow) => setNodeConfig(flow, node.id, config), `config:${node.id}`);
  };

  return (
    <Form
      className="fm-form"
      schema={schema}
      uiSchema={uiSchema}
      formData={node.config}
      validator={structuralValidator}
      widgets={FORM_WIDGETS}
      fields={FORM_FIELDS}
      extraErrors={extraErrors}
      showErrorList={false}
      noHtml5Validate
      idPrefix={`config-${node.id}`}
      formContext={formContext}
      onChange={onChange}
      experimental_defaultFormStateBehavior={{ emptyObjectFields: 'populateRequiredDefaults' }}
    />
  );
}
