/**
 * Field paths of problems as the inspector titles them. A path counts list items from 0, as in
 * `config.fields.1.expression`; the inspector titles the same item `fields-2`, counting from 1.
 */

/** Returns a problem's field path in the inspector's words, such as `fields-2 › expression`. */
export function fieldPathLabel(path: string): string {
  const parts = path.split('.');
  if (parts[0] === 'config' && parts.length > 1) {
    parts.shift();
  }
  const labels: string[] = [];
  for (const part of parts) {
    const previous = labels.length - 1;
    if (/^\d+$/.test(part) && previous >= 0) {
      labels[previous] = `${labels[previous]}-${Number(part) + 1}`;
    } else {
      labels.push(part);
    }
  }
  return labels.join(' › ');
}
