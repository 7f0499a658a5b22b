import { describe, expect, it } from 'vitest';
import { buildAcknowledgments, type ReceivedSet } from './x12-acknowledgment.js';
import { readX12Text } from './x12-reader.js';

const ISA = 'ISA*00*          *00*          *ZZ*NWSUPPLY       *ZZ*ACMETOOLS      *261201*0930*U*00401*000000101*0*T*>~';

function received(text: string): ReceivedSet[] {
  return readX12Text(text).records.map((record) => ({
    interchange: record.data.interchange,
    group: record.data.group!,
    transactionSet: record.data.transactionSet,
    controlNumber: record.data.controlNumber,
    errors: record.errors,
    warningCount: record.data.warnings?.length ?? 0,
  }));
}

describe('buildAcknowledgments', () => {
  it('accepts a clean group', () => {
    const [ack] = buildAcknowledgments(received(`${ISA}GS*PO*NWSUPPLY*ACMETOOLS*20261201*0930*101*X*004010~ST*850*0001~BEG*00*SA*PO-1**20261201~SE*3*0001~GE*1*101~IEA*1*000000101~`));

    expect(ack!.body).toEqual([
      { id: 'AK1', elements: ['PO', '101'] },
      { id: 'AK2', elements: ['850', '0001'] },
      { id: 'AK5', elements: ['A'] },
      { id: 'AK9', elements: ['A', '1', '1', '1'] },
    ]);
    expect(ack!.interchange).toMatchObject({ senderId: 'ACMETOOLS', receiverId: 'NWSUPPLY', senderQualifier: 'ZZ', receiverQualifier: 'ZZ' });
    expect(ack!.group).toMatchObject({ functionalId: 'FA', senderCode: 'ACMETOOLS', receiverCode: 'NWSUPPLY' });
  });

  it('rejects broken set, group partially accepted', () => {
    const text = [
      ISA,
      'GS*PO*NWSUPPLY*ACMETOOLS*20261201*0930*101*X*004010~',
      'ST*850*0001~BEG*00*SA*PO-1**20261201~SE*3*0001~',
      'ST*850*0002~BEG*00*SA***20261201~PO1*1*5*EA~SE*9*0002~',
      'GE*2*101~IEA*1*000000101~',
    ].join('');
    const [ack] = buildAcknowledgments(received(text));

    expect(ack!.status).toBe('P');
    expect(ack!.body).toEqual([
      { id: 'AK1', elements: ['PO', '101'] },
      { id: 'AK2', elements: ['850', '0001'] },
      { id: 'AK5', elements: ['A'] },
      { id: 'AK2', elements: ['850', '0002'] },
      { id: 'AK3', elements: ['BEG', '2', '', '8'] },
      { id: 'AK4', elements: ['3', '', '1'] },
      { id: 'AK5', elements: ['R', '4', '5'] },
      { id: 'AK9', elements: ['P', '2', '2', '1'] },
    ]);
  });

  it('marks sets read with warnings as accepted with errors', () => {
    const text = `${ISA}\nGS*PO*NWSUPPLY*ACMETOOLS*20261201*0930*101*X*004010~\nST*850*0001~\nBEG*00*SA*PO-1**20261201\nSE*3*0001~\nGE*1*101~\nIEA*1*000000101~\n`;
    const [ack] = buildAcknowledgments(received(text));

    expect(ack!.body.slice(2)).toEqual([
      { id: 'AK5', elements: ['E'] },
      { id: 'AK9', elements: ['E', '1', '1', '1'] },
    ]);
  });

  it('rejects a group whose GE count is wrong with AK9 code 5', () => {
    const text = `${ISA}GS*PO*NWSUPPLY*ACMETOOLS*20261201*0930*101*X*005010~ST*850*0001*005010X220~BEG*00*SA*PO-1**20261201~SE*3*0001~GE*3*101~IEA*1*000000101~`;
    const sets = received(text).map((set) => ({ ...set, implementationReference: '005010X220' }));
    const [ack] = buildAcknowledgments(sets);

    expect(ack!.body).toEqual([
      { id: 'AK1', elements: ['PO', '101', '005010'] },
      { id: 'AK2', elements: ['850', '0001', '005010X220'] },
      { id: 'AK5', elements: ['R'] },
      { id: 'AK9', elements: ['R', '3', '1', '0', '5'] },
    ]);
  });

  it('rejects the sets of a group without GE', () => {
    const [ack] = buildAcknowledgments(received(`${ISA}GS*PO*NWSUPPLY*ACMETOOLS*20261201*0930*101*X*004010~ST*850*0001~BEG*00*SA*PO-1**20261201~SE*3*0001~IEA*1*000000101~`));

    expect(ack!.status).toBe('R');
    expect(ack!.body.slice(2)).toEqual([
      { id: 'AK5', elements: ['R'] },
      { id: 'AK9', elements: ['R', '1', '1', '0', '3'] },
    ]);
  });

  it('rejects the sets of an interchange without IEA', () => {
    const [ack] = buildAcknowledgments(received(`${ISA}GS*PO*NWSUPPLY*ACMETOOLS*20261201*0930*101*X*004010~ST*850*0001~BEG*00*SA*PO-1**20261201~SE*3*0001~GE*1*101~`));

    expect(ack!.status).toBe('R');
    expect(ack!.body.slice(2)).toEqual([
      { id: 'AK5', elements: ['R'] },
      { id: 'AK9', elements: ['R', '1', '1', '0'] },
    ]);
  });

  it('rejects the sets of an interchange whose IEA02 differs', () => {
    const text = [
      ISA,
      'GS*PO*NWSUPPLY*ACMETOOLS*20261201*0930*101*X*004010~',
      'ST*850*0001~BEG*00*SA*PO-1**20261201~SE*3*0001~',
      'ST*850*0002~BEG*00*SA***20261201~SE*3*0002~',
      'GE*2*101~IEA*1*000000999~',
    ].join('');
    const [ack] = buildAcknowledgments(received(text));

    expect(ack!.body).toEqual([
      { id: 'AK1', elements: ['PO', '101'] },
      { id: 'AK2', elements: ['850', '0001'] },
      { id: 'AK5', elements: ['R'] },
      { id: 'AK2', elements: ['850', '0002'] },
      { id: 'AK3', elements: ['BEG', '2', '', '8'] },
      { id: 'AK4', elements: ['3', '', '1'] },
      { id: 'AK5', elements: ['R', '5'] },
      { id: 'AK9', elements: ['R', '2', '2', '0'] },
    ]);
  });

  it('accepts with errors when interchange checks are warnings', () => {
    const text = `${ISA}GS*PO*NWSUPPLY*ACMETOOLS*20261201*0930*101*X*004010~ST*850*0001~BEG*00*SA*PO-1**20261201~SE*3*0001~GE*1*101~`;
    const sets = readX12Text(text, { controlChecks: 'warning' }).records.map((record) => ({
      interchange: record.data.interchange,
      group: record.data.group!,
      transactionSet: record.data.transactionSet,
      controlNumber: record.data.controlNumber,
      errors: record.errors,
      warningCount: record.data.warnings?.length ?? 0,
    }));
    const [ack] = buildAcknowledgments(sets);

    expect(ack!.body.slice(2)).toEqual([
      { id: 'AK5', elements: ['E'] },
      { id: 'AK9', elements: ['E', '1', '1', '1'] },
    ]);
  });

  it('reports an unrecognized segment with AK3 code 1', () => {
    const text = `${ISA}GS*PO*NWSUPPLY*ACMETOOLS*20261201*0930*101*X*004010~ST*850*0001~BEG*00*SA*PO-1**20261201~X!Y*1~SE*4*0001~GE*1*101~IEA*1*000000101~`;
    const [ack] = buildAcknowledgments(received(text));

    expect(ack!.body.slice(2)).toEqual([
      { id: 'AK3', elements: ['X!Y', '3', '', '1'] },
      { id: 'AK5', elements: ['R', '5'] },
      { id: 'AK9', elements: ['R', '1', '1', '0'] },
    ]);
  });

  it('builds one 997 per received group', () => {
    const text = [
      ISA,
      'GS*PO*NWSUPPLY*ACMETOOLS*20261201*0930*101*X*004010~ST*850*0001~BEG*00*SA*PO-1**20261201~SE*3*0001~GE*1*101~',
      'GS*IN*NWSUPPLY*ACMETOOLS*20261201*0930*102*X*004010~ST*810*0001~BIG*20261209*INV-1~SE*3*0001~GE*1*102~',
      'IEA*2*000000101~',
    ].join('');

    expect(buildAcknowledgments(received(text)).map((ack) => [ack.acknowledgedGroup, ack.body[0]])).toEqual([
      ['000000101-101', { id: 'AK1', elements: ['PO', '101'] }],
      ['000000101-102', { id: 'AK1', elements: ['IN', '102'] }],
    ]);
  });
});
