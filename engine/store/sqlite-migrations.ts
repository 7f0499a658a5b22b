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
  // 2: lineage roots, step counts for unchanged and held records, dead letter resolution and
  // edits, sink effects with a two-phase ledger, approvals with their audit trail.
  `
  ALTER TABLE runs ADD COLUMN root_run_id INTEGER;
  WITH RECURSIVE chain(id, root) AS (
    SELECT id, id FROM runs WHERE parent_run_id IS NULL
    UNION ALL
    SELECT runs.id, chain.root FROM runs JOIN chain ON runs.parent_run_id = chain.id
  )
  UPDATE runs SET root_run_id = (SELECT root FROM chain WHERE chain.id = runs.id);
  UPDATE runs SET root_run_id = id WHERE root_run_id IS NULL;
  CREATE INDEX runs_by_parent ON runs(parent_run_id);
  CREATE INDEX runs_by_root ON runs(root_run_id);

  ALTER TABLE steps ADD COLUMN unchanged INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE steps ADD COLUMN held INTEGER NOT NULL DEFAULT 0;

  ALTER TABLE dead_letters ADD COLUMN resolution TEXT;
  ALTER TABLE dead_letters ADD COLUMN replayed_by_run_id INTEGER;
  CREATE INDEX dead_letters_open_by_key ON dead_letters(flow_id, record_key) WHERE resolved_at IS NULL;
  CREATE INDEX dead_letters_by_replay ON dead_letters(replayed_by_run_id) WHERE replayed_by_run_id IS NOT NULL;

  CREATE TABLE dead_letter_edits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dead_letter_id INTEGER NOT NULL REFERENCES dead_letters(id) ON DELETE CASCADE,
    run_id INTEGER NOT NULL,
    data_before TEXT NOT NULL,
    data_after TEXT NOT NULL,
    source TEXT NOT NULL,
    edited_at TEXT NOT NULL
  );
  CREATE INDEX dead_letter_edits_by_letter ON dead_letter_edits(dead_letter_id);

  CREATE TABLE sink_effects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id INTEGER NOT NULL,
    node_id TEXT NOT NULL,
    target TEXT NOT NULL,
    location TEXT NOT NULL,
    temporary_location TEXT,
    fingerprint TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'discarded')),
    created_at TEXT NOT NULL,
    settled_at TEXT
  );
  CREATE INDEX sink_effects_pending ON sink_effects(run_id) WHERE status = 'pending';

  CREATE TABLE ledger_with_status (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    target TEXT NOT NULL,
    record_key TEXT,
    content_hash TEXT NOT NULL,
    run_id INTEGER NOT NULL,
    root_run_id INTEGER NOT NULL,
    node_id TEXT NOT NULL,
    effect_id INTEGER,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered')),
    delivered_at TEXT NOT NULL
  );
  INSERT INTO ledger_with_status (id, target, record_key, content_hash, run_id, root_run_id, node_id, effect_id, status, delivered_at)
    SELECT ledger.id, ledger.target, ledger.record_key, ledger.content_hash, ledger.run_id,
           COALESCE((SELECT root_run_id FROM runs WHERE runs.id = ledger.run_id), ledger.run_id),
           ledger.node_id, NULL, 'delivered', ledger.delivered_at
    FROM ledger;
  DROP TABLE ledger;
  ALTER TABLE ledger_with_status RENAME TO ledger;
  CREATE INDEX ledger_by_target_key ON ledger(target, record_key, id);
  CREATE INDEX ledger_by_key ON ledger(record_key);
  CREATE INDEX ledger_by_run ON ledger(run_id);
  CREATE INDEX ledger_by_root ON ledger(root_run_id);
  CREATE INDEX ledger_by_effect ON ledger(effect_id) WHERE effect_id IS NOT NULL;

  CREATE TABLE approvals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    root_run_id INTEGER NOT NULL,
    flow_id TEXT NOT NULL,
    flow_hash TEXT NOT NULL,
    node_id TEXT NOT NULL,
    record_key TEXT,
    content_hash TEXT NOT NULL,
    record TEXT NOT NULL,
    assignee TEXT,
    role TEXT,
    approvers TEXT NOT NULL,
    approvals_required INTEGER NOT NULL,
    editable_fields TEXT NOT NULL,
    due_at TEXT,
    on_overdue TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'OVERDUE')),
    created_at TEXT NOT NULL,
    decided_at TEXT,
    continuation_run_id INTEGER
  );
  CREATE INDEX approvals_by_status ON approvals(status);
  CREATE INDEX approvals_by_run ON approvals(run_id);
  CREATE INDEX approvals_by_lineage ON approvals(root_run_id, node_id, record_key);

  CREATE TABLE approval_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    approval_id INTEGER NOT NULL REFERENCES approvals(id) ON DELETE CASCADE,
    action TEXT NOT NULL CHECK (action IN ('approve', 'reject', 'edit', 'escalate')),
    actor TEXT NOT NULL,
    changes TEXT,
    comment TEXT,
    decided_at TEXT NOT NULL
  );
  CREATE INDEX approval_decisions_by_approval ON approval_decisions(approval_id);
  `,
  // 3: files a folder watch took in, remembered by content.
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
  // 4: a lean ledger. Every ledger row belongs to a sink effect, which holds the run, the node, the
  // time and the delivery state; a row keeps only what lookups need: the target's id, the key and
  // the content hash. Confirming an effect is then one row update however many records it
  // delivered, and each delivered record costs one small row with two indexes. Deliveries that
  // were recorded after their effect (SQL, HTTP) get one delivered effect per run, node and target.
  `
  CREATE TABLE ledger_targets (
    id INTEGER PRIMARY KEY,
    target TEXT NOT NULL UNIQUE
  );
  INSERT INTO ledger_targets (target) SELECT target FROM ledger UNION SELECT target FROM sink_effects;

  INSERT INTO sink_effects (run_id, node_id, target, location, temporary_location, fingerprint, status, created_at, settled_at)
    SELECT run_id, node_id, target, target, NULL, NULL, 'delivered', MIN(delivered_at), MIN(delivered_at)
    FROM ledger WHERE effect_id IS NULL GROUP BY run_id, node_id, target;

  CREATE TABLE ledger_rows (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    effect_id INTEGER NOT NULL REFERENCES sink_effects(id),
    target_id INTEGER NOT NULL REFERENCES ledger_targets(id),
    record_key TEXT,
    content_hash TEXT NOT NULL
  );
  INSERT INTO ledger_rows (id, effect_id, target_id, record_key, content_hash)
    SELECT ledger.id,
           COALESCE(ledger.effect_id, (
             SELECT MAX(sink_effects.id) FROM sink_effects
             WHERE sink_effects.run_id = ledger.run_id AND sink_effects.node_id = ledger.node_id AND sink_effects.target = ledger.target
               AND sink_effects.location = ledger.target AND sink_effects.temporary_location IS NULL AND sink_effects.status = 'delivered')),
           ledger_targets.id, ledger.record_key, ledger.content_hash
    FROM ledger JOIN ledger_targets ON ledger_targets.target = ledger.target;
  DROP TABLE ledger;
  ALTER TABLE ledger_rows RENAME TO ledger;
  CREATE INDEX ledger_by_key_target ON ledger(record_key, target_id, id);
  CREATE INDEX ledger_by_effect ON ledger(effect_id);
  CREATE INDEX sink_effects_by_run ON sink_effects(run_id);
  CREATE INDEX sink_effects_by_target ON sink_effects(target, status);

  CREATE VIEW delivered_ledger AS
    SELECT ledger.id, ledger_targets.target, ledger.target_id, ledger.record_key, ledger.content_hash,
           sink_effects.run_id, sink_effects.node_id, ledger.effect_id, sink_effects.settled_at AS delivered_at
    FROM ledger
    JOIN ledger_targets ON ledger_targets.id = ledger.target_id
    JOIN sink_effects ON sink_effects.id = ledger.effect_id
    WHERE sink_effects.status = 'delivered';
  `,
  // 5: approval decisions found by record: an approve node looks up earlier decisions on the same
  // flow, node, key and content, and \`flowmason trace\` looks up everything about one key. Each
  // approval keeps the data fields its node shows to deciders.
  `
  CREATE INDEX approvals_by_record ON approvals(flow_id, node_id, record_key, content_hash);
  CREATE INDEX approvals_by_key ON approvals(record_key);
  ALTER TABLE approvals ADD COLUMN summary_fields TEXT NOT NULL DEFAULT '[]';
  `,
  // 6: a pending approval whose record a later run brought to the same approve node with other
  // content is superseded by that run: it cannot be decided, and its run no longer waits for it.
  `
  ALTER TABLE approvals ADD COLUMN superseded_by_run_id INTEGER;
  `,
];
