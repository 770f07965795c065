/** Errors with the shape every hub response uses: `{ error, details }` and a status code that means what it says. */
export class HubError extends Error {
  constructor(
    readonly statusCode: number,
    readonly error: string,
    readonly details: unknown,
  ) {
    super(typeof details === 'string' ? details : error);
  }
}

export const badRequest = (details: unknown) => new HubError(400, 'bad-request', details);
export const unauthorized = (details: string) => new HubError(401, 'unauthorized', details);
export const forbidden = (details: unknown) => new HubError(403, 'forbidden', details);
export const notFound = (details: string) => new HubError(404, 'not-found', details);
export const conflict = (details: string) => new HubError(409, 'conflict', details);
export const unavailable = (details: string) => new HubError(503, 'unavailable', details);
