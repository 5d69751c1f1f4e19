/**
 * BigCommerce V3 error bodies: one object `{ status, title, type, errors? }`, where `errors` maps a field to
 * what is wrong with it (REFERENCE.md §1.6; carts.v3.yml `ErrorResponse`).
 */

const v3ErrorType = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

export interface V3ErrorBody {
  status: number;
  title: string;
  type: string;
  errors?: Record<string, string>;
}

/** Thrown by V3 request handlers; the server turns it into a V3 error response. */
export class V3Error extends Error {
  override readonly name = 'V3Error';
  readonly status: number;
  readonly title: string;
  readonly errors: Record<string, string> | undefined;

  constructor(status: number, title: string, errors?: Record<string, string>) {
    super(errors ? `${title} ${JSON.stringify(errors)}` : title);
    this.status = status;
    this.title = title;
    this.errors = errors;
  }

  body(): V3ErrorBody {
    return {
      status: this.status,
      title: this.title,
      type: v3ErrorType,
      ...(this.errors ? { errors: { ...this.errors } } : {}),
    };
  }
}

/** BigCommerce's title for a V3 body it cannot accept. */
export const invalidJsonTitle = 'JSON data is missing or invalid';

export const invalidField = (field: string, problem: string) =>
  new V3Error(422, invalidJsonTitle, { [field]: problem });
