/**
 * Schema migrations of the SQLite run store, applied in order. The index of a migration plus one
 * is the schema version it produces, stored in `PRAGMA user_version`. Never edit a released
 * migration: add a new one.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE flow_versions (
    hash TEXT PRIMARY KEY,
    flow_id TEXT NOT NULL,
    document TEXT NOT NULL,
    created_at TEXT NOT NULL
  );

  CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    flow_id TEXT NOT NULL,
    flow_name TEXT NOT NULL,
    flow_hash TEXT NOT NULL REFERENCES flow_versions(hash),
    flow_path TEXT,
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    parent_run_id INTEGER REFERENCES runs(id),
    params TEXT NOT NULL,
    trigger_input TEXT NOT NULL DEFAULT '[]',
    started_at TEXT NOT NULL,
    finished_at TEXT,
    error TEXT,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL
  );
  CREATE INDEX runs_by_flow ON runs(flow_id, id);
  CREATE INDEX runs_by_status ON runs(status);

  CREATE TABLE steps (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    node_id TEXT NOT NULL,
    node_type TEXT NOT NULL,
    status TEXT NOT NULL,
    records_in INTEGER NOT NULL,
    outputs TEXT NOT NULL,
    errors INTEGER NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    duration_ms INTEGER,
    PRIMARY KEY (run_id, node_id)
  );

  CREATE TABLE samples (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    node_id TEXT NOT NULL,
    port TEXT NOT NULL,
    records TEXT NOT NULL,
    PRIMARY KEY (run_id, node_id, port)
  );

  CREATE TABLE dead_letters (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    flow_id TEXT NOT NULL,
    node_id TEXT NOT NULL,
    record_key TEXT,
    origin TEXT NOT NULL,
    record TEXT NOT NULL,
    error_kind TEXT NOT NULL,
    error_message TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by_run_id INTEGER
  );
  CREATE INDEX dead_letters_by_run ON dead_letters(run_id);
  CREATE INDEX dead_letters_open ON dead_letters(flow_id, node_id) WHERE resolved_at IS NULL;
  CREATE INDEX dead_letters_by_key ON dead_letters(record_key);

  CREATE TABLE ledger (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    target TEXT NOT NULL,
    record_key TEXT,
    content_hash TEXT NOT NULL,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    node_id TEXT NOT NULL,
    delivered_at TEXT NOT NULL
  );
  CREATE INDEX ledger_by_target_key ON ledger(target, record_key, id);
  CREATE INDEX ledger_by_key ON ledger(record_key);
  CREATE INDEX ledger_by_run ON ledger(run_id);
  `,
  // 2: files a folder watch took in, remembered by content.
  `
  CREATE TABLE watched_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    flow_id TEXT NOT NULL,
    node_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    size INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    moved_to TEXT,
    processed_at TEXT NOT NULL
  );
  CREATE INDEX watched_files_by_content ON watched_files(flow_id, sha256);
  `,
];
