import { parseSizeText, sizeText } from '@/core/terminal/size-text';

const KEY = 'active-sessions:screen-size';

/**
 * The size the Screen view last fitted a running session to: a terminal session launched from the
 * form starts at it, so that what it prints first is laid out for the panel it will be shown in.
 */
export function rememberScreenSize(cols: number, rows: number): void {
  try {
    localStorage.setItem(KEY, sizeText(cols, rows));
  } catch {
    // Storage refused (private mode, quota): the next session starts at the default size.
  }
}

/** "COLSxROWS" as last remembered, or '' when none is (or it is not a size a terminal may have). */
export function lastScreenSize(): string {
  try {
    const size = parseSizeText(localStorage.getItem(KEY));
    return size ? sizeText(size.cols, size.rows) : '';
  } catch {
    return '';
  }
}
