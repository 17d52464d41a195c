import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { HttpError } from './http-error';

/** The content codings `readBody` can undo, sent as Accept-Encoding. Raw (headerless) deflate is not among them. */
export const ACCEPT_ENCODING = 'br, gzip, deflate';

// Lenient like browsers: a compressed stream that stops early yields what it holds instead of an error (an
// empty body with a Content-Encoding header included). A connection cut mid-body is still an error, from undici.
const ZLIB_LENIENT = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BROTLI_LENIENT = { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };

function decoderFor(coding: string): Transform {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(ZLIB_LENIENT);
    case 'deflate':
      return zlib.createInflate(ZLIB_LENIENT);
    case 'br':
      return zlib.createBrotliDecompress(BROTLI_LENIENT);
    default:
      throw new HttpError('content-encoding', `unsupported Content-Encoding "${coding}"`);
  }
}

/** The decoders for a Content-Encoding header, in the order to run them: codings are listed as applied, so last first. */
function decodersFor(contentEncoding: string | undefined): Transform[] {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  return codings.reverse().map(decoderFor);
}

/** Passes bytes through until more than `maxBytes` went by, then fails the whole pipeline with `too-large`. */
function byteLimit(maxBytes: number, what: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(new HttpError('too-large', `${what} exceeds the limit of ${maxBytes} bytes`));
      else done(null, chunk);
    },
  });
}

/** Drops a body unread, closing its connection; undici reports that as an error nobody needs to hear. */
export function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** zlib and brotli failures carry a numeric errno and a `Z_*` or `ERR__ERROR_*` code. */
function isDecompressionError(e: unknown): e is NodeJS.ErrnoException {
  const err = e as NodeJS.ErrnoException;
  return typeof err?.errno === 'number' && /^(Z_|ERR__ERROR|ERR_BROTLI)/.test(err.code ?? '');
}

/**
 * Reads a response body, undoing its Content-Encoding, with `maxBytes` enforced while streaming both on the bytes
 * received and on the bytes decompressed: a compression bomb stops at the cap, and since the stages pull through
 * backpressure, the rest of it is never inflated. Any failure destroys `body` (and so the connection).
 */
export async function readBody(body: Readable, contentEncoding: string | undefined, maxBytes: number): Promise<Buffer> {
  let decoders: Transform[];
  try {
    decoders = decodersFor(contentEncoding);
  } catch (e) {
    discard(body);
    throw e;
  }
  const stages = decoders.length
    ? [byteLimit(maxBytes, 'the compressed body'), ...decoders, byteLimit(maxBytes, 'the decompressed body')]
    : [byteLimit(maxBytes, 'the body')];
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  try {
    await pipeline([body, ...stages, sink]);
  } catch (e) {
    if (isDecompressionError(e)) throw new HttpError('content-encoding', `the body is not valid ${contentEncoding}: ${e.message}`);
    throw e;
  }
  return Buffer.concat(chunks);
}
