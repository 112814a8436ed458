// Copies the write-ahead log back into the database on a thread of its own, so that the server's
// thread only appends to the log and never waits for these copies and their fsyncs.
// Plain CommonJS: a worker thread loads it from disk as it is, in development and in production.
const Database = require('better-sqlite3');
const { parentPort, workerData } = require('node:worker_threads');

// While the log is fully copied, look again this often (sooner while writes keep coming); while
// behind, at once.
const IDLE_MS = 100;
const ACTIVE_MS = 10;
// A reader may hold back the copy; do not spin while it does.
const STALLED_MS = 10;
// Once writes stop for this long, truncate the log file to nothing.
const TRUNCATE_AFTER_QUIET_MS = 2000;

// No busy wait: a checkpoint that cannot have its locks now is tried again on the next tick.
const db = new Database(workerData.file, { timeout: 0 });

let last = { walFrames: 0, checkpointedFrames: 0 };
let quietSince = Date.now();
let truncated = false;

let timer;
// A writer waiting for the log to be copied asks for a pass now, and for its answer even if unchanged.
let askedBy;

function report(progress) {
  const changed = progress.walFrames !== last.walFrames || progress.checkpointedFrames !== last.checkpointedFrames;
  last = progress;
  if (changed || askedBy !== undefined) parentPort.postMessage({ ...progress, answers: askedBy });
  askedBy = undefined;
  return changed;
}

// undefined when another connection (another process) is checkpointing: nothing is known then.
function checkpoint(mode) {
  const [row] = db.pragma(`wal_checkpoint(${mode})`);
  if (row.log < 0) return undefined;
  return { busy: row.busy === 1, walFrames: row.log, checkpointedFrames: row.checkpointed };
}

function tick() {
  let next = IDLE_MS;
  try {
    const before = last.checkpointedFrames;
    const passive = checkpoint('PASSIVE');
    if (passive === undefined) {
      timer = setTimeout(tick, STALLED_MS);
      return;
    }
    const { walFrames, checkpointedFrames } = passive;
    const changed = report({ walFrames, checkpointedFrames });
    if (changed) {
      quietSince = Date.now();
      truncated = false;
    }
    if (checkpointedFrames < walFrames) next = checkpointedFrames > before ? 0 : STALLED_MS;
    else if (changed) next = ACTIVE_MS;
    else if (!truncated && walFrames > 0 && Date.now() - quietSince >= TRUNCATE_AFTER_QUIET_MS) {
      const result = checkpoint('TRUNCATE');
      if (result && !result.busy) {
        truncated = true;
        report({ walFrames: 0, checkpointedFrames: 0 });
      }
    }
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
    next = 1000;
  }
  timer = setTimeout(tick, next);
}

parentPort.on('message', (ask) => {
  askedBy = ask;
  clearTimeout(timer);
  tick();
});

tick();
