/** BigCommerce V2 error bodies: a JSON array of `{ status, message }` (REFERENCE.md §1.6). */

export interface V2ErrorEntry {
  status: number;
  message: string;
}

/** Thrown by request handlers; the server turns it into a V2 error response. */
export class V2Error extends Error {
  override readonly name = 'V2Error';
  readonly status: number;
  readonly messages: string[];
  constructor(status: number, messages: string | string[]) {
    const list = Array.isArray(messages) ? messages : [messages];
    super(list.join('; '));
    this.status = status;
    this.messages = list;
  }

  body(): V2ErrorEntry[] {
    return this.messages.map((message) => ({ status: this.status, message }));
  }
}

export const notFound = (message = 'The requested resource was not found.') => new V2Error(404, message);

export const readOnlyId = () =>
  new V2Error(
    400,
    "The field 'id' cannot be written to. Please remove it from your request before trying again.",
  );

export const requiredFieldsMissing = (fields: string[]) =>
  new V2Error(400, `Required fields missing [${fields.join(', ')}]`);
