import { describe, expect, it } from 'vitest';
import { parseSizeText, sizeText } from './size-text';

describe('size text', () => {
  it('reads back what it writes, and nothing that is not a size a terminal may have', () => {
    expect(parseSizeText(sizeText(97, 31))).toEqual({ cols: 97, rows: 31 });
    for (const text of ['', '97', '97x', 'x31', '97x31x2', ' 97x31', '19x31', '501x31', '97x4', '97x201', '1e2x31', null, 42]) {
      expect(parseSizeText(text), String(text)).toBeUndefined();
    }
  });
});
