import { spawn } from 'node:child_process';
import { replayScreen } from '../../lib/screen';
import { TOKEN } from './fixtures';

/**
 * `active-sessions attach ID` as a person runs it: on a real pseudo-terminal of `cols` × `rows`
 * (util-linux `script` holds it, sized before the CLI starts), against the server at `baseUrl`.
 * What the test writes is typed on that terminal; everything the CLI draws comes back in `shown`.
 */
export function attachCli(baseUrl: string, id: string, { cols = 100, rows = 30 } = {}) {
  const line = `stty cols ${cols} rows ${rows}; exec '${process.execPath}' bin/active-sessions.mjs attach ${id}`;
  const env = { ...process.env, ACTIVE_SESSIONS_URL: baseUrl, ACTIVE_SESSIONS_TOKEN: TOKEN };
  const child = spawn('script', ['-qfec', line, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  let shown = '';
  child.stdout.on('data', (data) => (shown += data));
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    type: (keys: string) => child.stdin.write(keys),
    shown: () => shown,
    /** What the terminal shows now: all the CLI drew, through a terminal emulator of its size. */
    screen: async () => (await replayScreen(shown, cols, rows)).lines,
    /** How often the text has been drawn so far. */
    count: (text: string) => shown.split(text).length - 1,
    exit,
  };
}
