/**
 * IPC channel names between the main process and the preload script. The preload script runs
 * sandboxed and cannot import this file, so it repeats the names; a test checks that both agree.
 */

/** Prefix of the per-method API channels: `flowmason:api:openFlow`. */
export const API_CHANNEL_PREFIX = 'flowmason:api:';
/** Run events, main to renderer. */
export const RUN_EVENT_CHANNEL = 'flowmason:run-event';
/** Menu commands, main to renderer: `{ command, argument }`. */
export const COMMAND_CHANNEL = 'flowmason:command';
/** Desktop requests, renderer to main. */
export const PICK_OPEN_CHANNEL = 'flowmason:desktop:pick-open';
export const PICK_SAVE_CHANNEL = 'flowmason:desktop:pick-save';
/** Document state, renderer to main, one way. */
export const DOCUMENT_STATE_CHANNEL = 'flowmason:desktop:document-state';
