/** The latest notice (saved, opened, failed), shown at the bottom right until dismissed or replaced. */
import { useEffect } from 'react';
import { useShellStore, type ShellState } from '../stores/shell-store.js';

const selectNotice = (state: ShellState) => state.notice;
/** Information notices go away after this long, in milliseconds; errors stay until dismissed. */
const INFO_NOTICE_MS = 4000;

export function NoticeLine() {
  const notice = useShellStore(selectNotice);
  useEffect(() => {
    if (notice?.kind !== 'info') {
      return undefined;
    }
    const timer = window.setTimeout(() => useShellStore.getState().dismissNotice(), INFO_NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [notice]);
  if (notice === null) {
    return null;
  }
  return (
    <div className={`fm-notice fm-notice--${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      <span>{notice.message}</span>
      <button type="button" className="fm-link-button" onClick={() => useShellStore.getState().dismissNotice()} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
