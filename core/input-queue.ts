import { MAX_INPUT_BYTES } from './contract';

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  return codePoint < 0x10000 ? 3 : 4;
}

/** The longest start of `text` within `maxBytes` of UTF-8, cut between characters. */
export function headWithin(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const character of text) {
    bytes += utf8Length(character.codePointAt(0)!);
    if (bytes > maxBytes) break;
    end += character.length;
  }
  return text.slice(0, end);
}

/**
 * Keystrokes sent in the order typed, one request at a time: what is typed while a request is on
 * its way goes out in the next, together, so a fast typist or a paste makes a few requests rather
 * than one per key, and none overtakes another. A request carries at most what the API takes.
 * After a failure the rest is dropped: `onError` decides what the failure means.
 */
export function inputQueue(send: (text: string) => Promise<unknown>, onError: (error: unknown) => void) {
  let pending = '';
  let sending: Promise<void> | undefined;

  async function drain(): Promise<void> {
    try {
      while (pending) {
        const text = headWithin(pending, MAX_INPUT_BYTES);
        pending = pending.slice(text.length);
        await send(text);
      }
    } catch (error) {
      pending = '';
      onError(error);
    } finally {
      sending = undefined;
    }
  }

  return {
    push(text: string): void {
      if (!text) return;
      pending += text;
      sending ??= drain();
    },
    /** Settles once everything pushed so far has been sent (or dropped after a failure). */
    flushed(): Promise<void> {
      return sending ?? Promise.resolve();
    },
  };
}
