/**
 * Settles sink effects left pending by a process that died, so the ledger again matches what is
 * in place. Run it at start-up after `markInterruptedRuns`, before any new run, so that a re-run
 * compares against a ledger that matches the files.
 *
 * An effect is confirmed when its location holds bytes whose SHA-256 is the one sealed before the
 * effect was made visible: the rename happened, or the file already held exactly those bytes,
 * which for a snapshot is the same thing. Otherwise it is discarded and its temporary file
 * removed: the effect never became visible, and a re-run or replay will deliver its records.
 */
import { existsSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { reachingNodes } from '../flow/graph.js';
import type { Logger } from '../logger.js';
import { hashFile } from '../sdk/file-io.js';
import type { SinkEffect } from '../store/ledger-store.js';
import type { RunStore } from '../store/run-store.js';

export interface RecoveryResult {
  confirmed: number[];
  discarded: number[];
}

/** Statuses of a run whose pending effects may still be settled by the run itself. */
const LIVE_RUN_STATUSES = new Set(['RUNNING', 'QUEUED']);

export async function recoverPendingEffects(store: RunStore, logger?: Logger): Promise<RecoveryResult> {
  const result: RecoveryResult = { confirmed: [], discarded: [] };
  for (const effect of await store.listPendingEffects()) {
    if (LIVE_RUN_STATUSES.has(effect.runStatus)) {
      continue;
    }
    const inPlace = await isInPlace(effect);
    if (inPlace) {
      await store.confirmEffect(effect.id, await reachOf(store, effect));
      result.confirmed.push(effect.id);
    } else {
      await store.discardEffect(effect.id);
      await removeTemporaryFile(effect);
      result.discarded.push(effect.id);
    }
    const outcome = inPlace ? 'confirmed' : 'discarded';
    logger?.warn({ runId: effect.runId, nodeId: effect.nodeId, effectId: effect.id, location: effect.location, outcome }, 'pending sink effect settled at start-up');
  }
  return result;
}

// NOTE: only file effects can be checked. An effect that is not a file (SQL, HTTP) is discarded
// here and its records are delivered again, so such a sink must make its delivery idempotent.
async function isInPlace(effect: SinkEffect): Promise<boolean> {
  if (effect.fingerprint === null || !existsSync(effect.location)) {
    return false;
  }
  try {
    return (await hashFile(effect.location)).sha256 === effect.fingerprint;
  } catch {
    return false;
  }
}

async function reachOf(store: RunStore, effect: SinkEffect): Promise<{ flowId: string; runId: number; nodeIds: string[] } | undefined> {
  const run = await store.getRun(effect.runId);
  const flow = run === undefined ? undefined : await store.getFlowVersion(run.flowHash);
  if (run === undefined || flow === undefined) {
    return undefined;
  }
  return { flowId: run.flowId, runId: run.id, nodeIds: reachingNodes(flow).get(effect.nodeId) ?? [effect.nodeId] };
}

async function removeTemporaryFile(effect: SinkEffect): Promise<void> {
  if (effect.temporaryLocation === null) {
    return;
  }
  await unlink(effect.temporaryLocation).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') {
      throw error;
    }
  });
}
