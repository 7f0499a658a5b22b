/** Dead letters: records that failed in a node with no error edge, with the error, the node and the record. */
import type { DeadLetterInfo } from '../../../engine/api/index.js';

function origin(letter: DeadLetterInfo): string {
  const { origin: where } = letter;
  if (where.file !== undefined) {
    const base = where.file.split(/[\\/]/).pop() ?? where.file;
    return where.line !== undefined ? `${base}:${where.line}` : base;
  }
  return `${where.node} #${where.index + 1}`;
}

export function DeadLetterTable({ deadLetters }: { deadLetters: readonly DeadLetterInfo[] }) {
  if (deadLetters.length === 0) {
    return <p className="fm-muted fm-empty">No dead letters: every record that failed went to an error port, or none failed.</p>;
  }
  return (
    <div className="fm-table-wrap">
      <table className="fm-table" data-testid="dead-letters">
        <thead>
          <tr>
            <th>id</th>
            <th>node</th>
            <th>key</th>
            <th>origin</th>
            <th>kind</th>
            <th>error</th>
            <th>attempts</th>
            <th>record</th>
          </tr>
        </thead>
        <tbody>
          {deadLetters.map((letter) => (
            <tr key={letter.id}>
              <td className="fm-muted">{letter.id}</td>
              <td className="fm-mono">{letter.nodeId}</td>
              <td className="fm-mono">{letter.recordKey ?? '–'}</td>
              <td className="fm-muted">{origin(letter)}</td>
              <td>
                <span className={`fm-chip fm-chip--${letter.errorKind}`}>{letter.errorKind}</span>
              </td>
              <td className="fm-table__errors">{letter.errorMessage}</td>
              <td>{letter.attempts}</td>
              <td className="fm-mono fm-table__json" title={JSON.stringify(letter.record.data, null, 2)}>
                {JSON.stringify(letter.record.data)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
