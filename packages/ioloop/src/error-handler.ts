/**
 * `ErrorHandler`: Tornado's handler that answers every request with one error status (the
 * `statusCode` kwarg); the `Application` uses it, with 404, for paths no rule matches.
 */
import { InvalidArgumentError, describeValue } from '@async/loop';
import { type HandlerKwargs, RequestHandler } from './request-handler.js';
import { HTTPError } from './web-errors.js';

/** Answers with `statusCode` (an `initialize()` kwarg) for any method. */
export class ErrorHandler extends RequestHandler {
  private _errorStatus = 500;

  /** @throws InvalidArgumentError without an integer `statusCode`. */
  override initialize(kwargs: HandlerKwargs): void {
    const status = kwargs['statusCode'];
    if (!Number.isInteger(status)) throw new InvalidArgumentError(`ErrorHandler needs a statusCode kwarg, got ${describeValue(status)}`);
    this._errorStatus = status as number;
  }

  /** Raises the error, before any method runs. */
  override prepare(): void {
    throw new HTTPError(this._errorStatus);
  }
}
