import { isAscii } from 'node:buffer';

/**
 * Incremental UTF-8 decoding for one output stream: a character split across two reads is decoded
 * whole, invalid bytes become U+FFFD. Most command output is plain ASCII, which skips the general
 * decoder (about eight times slower) whenever no partial character is waiting from the last read.
 */
export class Utf8StreamDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  // Whether the general decoder may hold the first bytes of a character.
  private partial = false;
  // The general decoder sees the first read, so that it knows the stream has begun: a byte-order
  // mark later on is text to keep, not one to strip.
  private started = false;

  decode(bytes: Uint8Array): string {
    if (bytes.byteLength === 0) return '';
    if (this.started && !this.partial && isAscii(bytes)) {
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    }
    this.started = true;
    // A read that ends on an ASCII byte cannot leave a character unfinished.
    this.partial = bytes[bytes.byteLength - 1] >= 0x80;
    return this.decoder.decode(bytes, { stream: true });
  }

  /** The end of the stream: an unfinished character becomes U+FFFD. */
  end(): string {
    this.partial = false;
    this.started = false;
    return this.decoder.decode();
  }
}
