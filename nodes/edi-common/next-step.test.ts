import { describe, expect, it } from 'vitest';
import type { EdiIssue } from './edi-types.js';
import { describeNextStep, type EdiFormat } from './next-step.js';

function issue(level: EdiIssue['level'], rule: string, element?: string): EdiIssue {
  return { severity: 'error', level, rule, message: 'broken', ...(element === undefined ? {} : { element }) };
}

describe('describeNextStep', () => {
  it.each<[EdiFormat, EdiIssue['level'], string, string | undefined, string | undefined]>([
    ['x12', 'set', 'set-segment-count', 'SE01', 'the sender must correct SE01 and resend the set'],
    ['x12', 'set', 'required-element', 'BEG03', 'the sender must fill in BEG03 and resend the set'],
    ['x12', 'set', 'set-trailer-missing', undefined, 'the sender must end the set with SE and resend it'],
    ['x12', 'set', 'set-outside-group', undefined, 'the sender must put the set inside a GS/GE functional group and resend it'],
    ['x12', 'set', 'segment-id', undefined, 'the sender must correct the segment tag and resend the set'],
    ['x12', 'group', 'group-trailer-missing', undefined, 'the group is rejected as a whole; ask the partner to resend it complete, ending with GE'],
    ['x12', 'group', 'group-set-count', 'GE01', 'the group is rejected as a whole; ask the partner to correct GE01 and resend it'],
    ['x12', 'interchange', 'interchange-trailer-missing', undefined, 'the interchange is rejected as a whole; ask the partner to resend it complete, ending with IEA'],
    ['x12', 'interchange', 'interchange-control-number', 'IEA02', 'the interchange is rejected as a whole; ask the partner to correct IEA02 and resend it'],
    ['x12', 'file', 'isa-header', undefined, 'the file cannot be read past this header; ask the partner to correct the ISA segment and resend the file'],
    ['x12', 'file', 'group-outside-interchange', undefined, 'ask the partner to correct the X12 envelope and resend the file'],
    ['x12', 'file', 'not-x12', undefined, undefined],
    ['edifact', 'set', 'message-trailer-missing', undefined, 'the sender must end the message with UNT and resend it'],
    ['edifact', 'set', 'message-reference', 'UNT02', 'the sender must correct UNT02 and resend the message'],
    ['edifact', 'interchange', 'interchange-trailer-missing', undefined, 'the interchange is rejected as a whole; ask the partner to resend it complete, ending with UNZ'],
    ['edifact', 'file', 'tradacoms-not-supported', undefined, undefined],
  ])('%s %s %s', (format, level, rule, element, step) => {
    expect(describeNextStep(issue(level, rule, element), format)).toBe(step);
  });

  it('gives no step for a warning', () => {
    expect(describeNextStep({ ...issue('set', 'segment-terminator'), severity: 'warning' }, 'x12')).toBeUndefined();
  });
});
