/**
 * Errors raised by the operations themselves (the domain's are in lambdas/shipping/errors.ts). The `name` is
 * what the state machine's Catch matches: stable API.
 */

/** BigCommerce refused both connecting (POST) and updating (PUT) a carrier's connection. Terminal: retrying
 * the same fields gets the same answer. The message names the carrier and BigCommerce's reason, never the
 * connection fields. */
export class CarrierConnectionFailed extends Error {
  override readonly name = 'CarrierConnectionFailed';
  readonly retryable = false;
  readonly carrierId: string;
  constructor(carrierId: string, reason: string) {
    super(`Carrier ${carrierId} could not be connected: ${reason}`);
    this.carrierId = carrierId;
  }
}
