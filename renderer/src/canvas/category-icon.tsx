/** Small line icons per node category, drawn inline so nothing is fetched. */
import type { NodeCategory } from '../../../engine/api/index.js';

const PATHS: Record<NodeCategory, string> = {
  // A cylinder: data in and out of a system.
  connector: 'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3v12c0 1.7-3.6 3-8 3s-8-1.3-8-3V6zm0 0c0 1.7 3.6 3 8 3s8-1.3 8-3M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3',
  // Two crossing arrows: fields reshaped.
  transform: 'M4 7h11l-3-3m3 3-3 3M20 17H9l3-3m-3 3 3 3',
  // A shield with a check mark.
  validate: 'M12 3l7 3v5c0 4.5-3 8-7 10-4-2-7-5.5-7-10V6l7-3zm-3.5 9 2.5 2.5 4.5-5',
  // One path splitting in two.
  route: 'M4 12h6m0 0 4-5h6m-10 5 4 5h6m-3-8 3-2-3-2m0 14 3-2-3-2',
  // A person with a check mark.
  approve: 'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zm-6 9c0-3.3 2.7-6 6-6s6 2.7 6 6m1-8 2 2 4-4',
};

export function CategoryIcon({ category, size = 16 }: { category: NodeCategory | undefined; size?: number }) {
  return (
    <svg className="fm-icon" width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={PATHS[category ?? 'transform']} />
    </svg>
  );
}

export const CATEGORY_LABELS: Record<NodeCategory, string> = {
  connector: 'Connectors',
  transform: 'Transforms',
  validate: 'Validate',
  route: 'Route',
  approve: 'Approve',
};

export const CATEGORY_ORDER: readonly NodeCategory[] = ['connector', 'transform', 'validate', 'route', 'approve'];
