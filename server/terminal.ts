import { AppError, isAppError } from '@/core/errors';
import { DEFAULT_COLS, DEFAULT_ROWS, inputBytes, type ScreenJson, type SessionInput, type SessionResize } from '@/core/contract';
import { replayScreen, REPLAY_BYTES } from '@/lib/screen';
import { outputTail } from '@/store/output-read';
import { getSession } from '@/store/queries';
import type { Session } from '@/store/schema';
import { liveScreen, resizeTerminal, sendInput } from './host';

/** A terminal session by id, or the AppError a route answers: 404 unknown, 409 a pipe-mode one. */
function terminalSession(id: string): Session {
  const session = getSession(id);
  if (!session) throw new AppError('not_found', `no session with id ${id}`);
  if (!session.tty) throw new AppError('conflict', 'session is not a terminal session: it was started without tty');
  return session;
}

function runningTerminalSession(id: string): Session {
  const session = terminalSession(id);
  if (session.status !== 'running') throw new AppError('conflict', `session is not running (${session.status}): it takes no input`);
  return session;
}

/** Types into a running terminal session: the text, then the keys in order. */
export async function typeInto(id: string, input: SessionInput): Promise<void> {
  runningTerminalSession(id);
  await sendInput(id, inputBytes(input));
}

export async function resize(id: string, size: SessionResize): Promise<void> {
  runningTerminalSession(id);
  await resizeTerminal(id, size);
}

/**
 * What the terminal shows: the host's emulator while the session runs there; otherwise (ended, or
 * its host restarted) the tail of its output replayed into a fresh emulator of its size.
 */
export async function screen(id: string): Promise<ScreenJson> {
  const session = terminalSession(id);
  if (session.status === 'running') {
    try {
      const live = await liveScreen(id);
      if (live) return live;
    } catch (error) {
      // A host that cannot be reached still leaves the output on disk to rebuild the screen from.
      if (!isAppError(error) || error.code !== 'host_unavailable') throw error;
    }
  }
  return replayScreen(outputTail(id, REPLAY_BYTES), session.cols ?? DEFAULT_COLS, session.rows ?? DEFAULT_ROWS);
}
