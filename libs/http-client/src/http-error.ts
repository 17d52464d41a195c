/** What went wrong with a request, in categories a user can act on. */
export type HttpErrorCategory =
  | 'invalid-url'
  | 'dns'
  | 'connect'
  | 'tls'
  | 'timeout'
  | 'too-large'
  | 'redirect'
  | 'blocked-address'
  | 'content-encoding';

export class HttpError extends Error {
  constructor(readonly category: HttpErrorCategory, message: string) {
    super(message);
    this.name = 'HttpError';
  }
}
