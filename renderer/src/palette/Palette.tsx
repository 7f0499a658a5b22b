/**
 * The palette: node kinds grouped by category, with a search over title, type, description and
 * settings (palette-search.ts).
 * Drag an item onto the canvas, or double-click it (or press Enter) to add it in the middle.
 */
import { useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { NodeKindInfo } from '../../../engine/api/index.js';
import { placeNode } from '../canvas/canvas-bridge.js';
import { CATEGORY_LABELS, CATEGORY_ORDER, CategoryIcon } from '../canvas/category-icon.js';
import { NODE_KIND_MIME } from '../canvas/FlowCanvas.js';
import { useCatalogStore, type CatalogState } from '../stores/catalog-store.js';
import { matchesSearch, searchWords } from './palette-search.js';

const selectCatalog = (state: CatalogState) => state;

function PaletteItem({ kind }: { kind: NodeKindInfo }) {
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(NODE_KIND_MIME, kind.type);
    event.dataTransfer.effectAllowed = 'move';
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      placeNode(kind);
    }
  };
  return (
    <li
      className={`fm-palette__item fm-cat--${kind.category}`}
      draggable
      onDragStart={onDragStart}
      onDoubleClick={() => placeNode(kind)}
      onKeyDown={onKeyDown}
      tabIndex={0}
      title={`${kind.description}\nDrag onto the canvas, or double-click to add.`}
      data-testid={`palette-${kind.type}`}
    >
      <span className="fm-palette__icon">
        <CategoryIcon category={kind.category} />
      </span>
      <span className="fm-palette__text">
        <span className="fm-palette__title">{kind.title}</span>
        <span className="fm-palette__type">{kind.type}</span>
      </span>
    </li>
  );
}

export function Palette() {
  const catalog = useCatalogStore(selectCatalog);
  const [search, setSearch] = useState('');
  const groups = useMemo(() => {
    const words = searchWords(search);
    return CATEGORY_ORDER.map((category) => ({
      category,
      kinds: catalog.kinds.filter((kind) => kind.category === category && matchesSearch(kind, words)),
    })).filter((group) => group.kinds.length > 0);
  }, [catalog.kinds, search]);

  return (
    <aside className="fm-palette" aria-label="Node palette">
      <div className="fm-panel-title">Nodes</div>
      <input className="fm-input fm-palette__search" type="search" placeholder="Search nodes" value={search} onChange={(event) => setSearch(event.target.value)} aria-label="Search nodes" />
      {catalog.status === 'loading' && <p className="fm-muted fm-palette__note">Loading node kinds…</p>}
      {catalog.status === 'failed' && <p className="fm-error-text fm-palette__note">{catalog.error}</p>}
      {catalog.status === 'ready' && groups.length === 0 && <p className="fm-muted fm-palette__note">{catalog.kinds.length === 0 ? 'The engine has no node kinds registered.' : `No node matches “${search}”.`}</p>}
      <div className="fm-palette__groups">
        {groups.map((group) => (
          <section key={group.category} className="fm-palette__group">
            <h3 className={`fm-palette__heading fm-cat--${group.category}`}>
              {CATEGORY_LABELS[group.category]} <span className="fm-muted">{group.kinds.length}</span>
            </h3>
            <ul className="fm-palette__list">
              {group.kinds.map((kind) => (
                <PaletteItem key={kind.type} kind={kind} />
              ))}
            </ul>
          </section>
        ))}
      </div>
    </aside>
  );
}
