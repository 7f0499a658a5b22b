/**
 * Describes what to do about an error an EDI reader found, for the end of its message. The level
 * decides who acts. The sender corrects and resends a set or message. A group or an interchange
 * with a broken envelope is rejected as a whole, so the partner resends all of it.
 */
import type { EdiIssue } from './edi-types.js';

export type EdiFormat = 'x12' | 'edifact';

const NAMES = {
  x12: { unit: 'set', group: 'GS/GE functional group', interchange: 'ISA', trailers: { set: 'SE', group: 'GE', interchange: 'IEA' } },
  edifact: { unit: 'message', group: 'UNG/UNE group', interchange: 'UNB', trailers: { set: 'UNT', group: 'UNE', interchange: 'UNZ' } },
} as const;

/** File-level rules whose message already names what the file is, so no step is added. */
const SELF_EXPLAINING_RULES = new Set(['not-x12', 'not-edifact', 'tradacoms-not-supported']);

/** Returns the next step for an error, such as `the sender must correct SE01 and resend the set`, or undefined for a warning. */
export function describeNextStep(issue: EdiIssue, format: EdiFormat): string | undefined {
  if (issue.severity !== 'error') {
    return undefined;
  }
  const names = NAMES[format];
  switch (issue.level) {
    case 'interchange':
    case 'group': {
      const whole = `the ${issue.level} is rejected as a whole`;
      if (issue.rule.endsWith('-trailer-missing')) {
        return `${whole}; ask the partner to resend it complete, ending with ${names.trailers[issue.level]}`;
      }
      return issue.element === undefined ? `${whole}; ask the partner to correct it and resend it` : `${whole}; ask the partner to correct ${issue.element} and resend it`;
    }
    case 'set':
      return describeSetStep(issue, format);
    case 'file':
      return describeFileStep(issue, format);
  }
}

function describeSetStep(issue: EdiIssue, format: EdiFormat): string {
  const { unit, trailers, group, interchange } = NAMES[format];
  switch (issue.rule) {
    case 'required-element':
      return `the sender must fill in ${issue.element ?? 'the element'} and resend the ${unit}`;
    case 'set-trailer-missing':
    case 'message-trailer-missing':
      return `the sender must end the ${unit} with ${trailers.set} and resend it`;
    case 'set-outside-group':
      return `the sender must put the ${unit} inside a ${group} and resend it`;
    case 'message-outside-interchange':
      return `the sender must put the ${unit} inside a ${interchange} interchange and resend it`;
    case 'segment-id':
    case 'segment-tag':
      return `the sender must correct the segment tag and resend the ${unit}`;
    default:
      return issue.element === undefined ? `the sender must correct the ${unit} and resend it` : `the sender must correct ${issue.element} and resend the ${unit}`;
  }
}

function describeFileStep(issue: EdiIssue, format: EdiFormat): string | undefined {
  if (SELF_EXPLAINING_RULES.has(issue.rule)) {
    return undefined;
  }
  if (issue.rule === 'isa-header' || issue.rule === 'una-header') {
    return `the file cannot be read past this header; ask the partner to correct the ${issue.rule === 'isa-header' ? 'ISA' : 'UNA'} segment and resend the file`;
  }
  return `ask the partner to correct the ${format === 'x12' ? 'X12' : 'EDIFACT'} envelope and resend the file`;
}
