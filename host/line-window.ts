import { LINE_WINDOW, LineScreen, movesBetweenLines, type LineScreenOptions, type ShownLines } from '@/core/terminal/line-screen';
import { countNewlines } from '@/core/terminal/lines';
import { readSegment } from '@/store/output-files';

/** A stretch of output the screen has not seen yet: a file range, or a console line's text. */
type Unseen = { segment: number; offset: number; bytes: number; newlines: number } | { text: string; newlines: number };

const ESC = 0x1b;
// Of output the screen is behind on, what it is rebuilt from: the window, and as much again above
// it for the colours the window's first line starts in (the page looks as far back for its own).
const REBUILD_LINES = 2 * LINE_WINDOW;

/**
 * The lines of a session's output that can still change, for the capture: tells, for each stretch
 * it indexes, whether the stretch only appends to the lines as they are stored, or moves the cursor
 * between lines, and then which lines it leaves as shown (see core/terminal/line-screen.ts).
 *
 * Appending is the fast path and costs next to nothing: output with no ESC byte while the cursor
 * is on the last line is not emulated at all, only remembered as the file range it is. The screen
 * catches up on those ranges (read back from the files, at most the newest two windows of lines)
 * only when output moves the cursor between lines again, so a firehose of plain lines is never
 * decoded here.
 */
export class LineWindow {
  private screen: LineScreen;
  private unseen: Unseen[] = [];
  private unseenNewlines = 0;
  // Unseen output dropped from the list: the screen is rebuilt from what is left, from this line.
  private dropped: { lines: number } | undefined;
  private lastAppended: 'raw' | 'shown' | 'none' = 'none';
  private lastByte = 0x0a;

  constructor(
    private readonly sessionId: string,
    private options: LineScreenOptions = {},
    /** The lines as shown so far, when another host indexed the beginning: the newest of them, and where they start. */
    resume?: { first: number; text: string },
  ) {
    this.screen = new LineScreen(resume?.first ?? 0, options);
    if (resume) {
      this.screen.feed(resume.text);
      this.screen.takeChanges();
      this.screen.trim();
    }
  }

  /**
   * Takes a stretch of a file the capture indexes (whole characters). Undefined when the stretch
   * only appends to the lines as stored; else the lines it leaves as shown, to store in its row.
   */
  take(segment: number, offset: number, bytes: Buffer, newlines: number): ShownLines | undefined {
    // While output waits unseen, the screen was appending when it began, and all of it appends.
    const appending = this.unseen.length > 0 || this.screen.appending;
    // No ESC byte: nothing moves the cursor between lines, and nothing is decoded here.
    const text = bytes.indexOf(ESC) === -1 ? undefined : bytes.toString('utf8');
    if (appending && (text === undefined || !movesBetweenLines(text))) {
      this.remember({ segment, offset, bytes: bytes.length, newlines });
      this.lastAppended = 'raw';
      this.lastByte = bytes[bytes.length - 1];
      return undefined;
    }
    this.catchUp();
    this.screen.feed(text ?? bytes.toString('utf8'));
    const shown = this.screen.takeChanges();
    this.screen.trim();
    this.lastAppended = 'shown';
    return shown;
  }

  /** A terminal session's new height, for the output from now on. */
  resize(rows: number): void {
    this.options = { ...this.options, rows };
    this.screen.resize(rows);
  }

  /** A line of the console's own, appended to the output as it is. */
  system(text: string): void {
    this.remember({ text, newlines: countNewlines(text) });
    this.lastAppended = 'raw';
    this.lastByte = 0x0a;
  }

  /** Whether the output so far ends with a newline (or is empty): where a console line may start. */
  get atLineStart(): boolean {
    if (this.lastAppended === 'shown') return this.screen.atLineStart;
    return this.lastByte === 0x0a;
  }

  private remember(unseen: Unseen): void {
    this.unseen.push(unseen);
    this.unseenNewlines += unseen.newlines;
    // Older unseen output than the rebuild needs is let go: only its line count is kept.
    while (this.unseen.length > 1 && this.unseenNewlines - this.unseen[0].newlines >= REBUILD_LINES) {
      const first = this.unseen.shift()!;
      this.unseenNewlines -= first.newlines;
      this.dropped ??= { lines: this.screen.lineCount };
      this.dropped.lines += first.newlines;
    }
  }

  /** Feeds the screen the output it has not seen, or rebuilds it from the newest of it. */
  private catchUp(): void {
    if (this.unseen.length === 0) return;
    if (this.dropped) this.screen = new LineScreen(this.dropped.lines, this.options);
    for (const unseen of this.unseen) {
      this.screen.feed('text' in unseen ? unseen.text : readSegment(this.sessionId, unseen.segment, unseen.offset, unseen.bytes).toString('utf8'));
    }
    this.screen.takeChanges();
    this.screen.trim();
    this.unseen = [];
    this.unseenNewlines = 0;
    this.dropped = undefined;
  }
}
