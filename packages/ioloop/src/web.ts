/**
 * `web`: the namespace of `tornado.web`, gathered in one object so that code reads as in Python
 * (`web.Application`, `web.RequestHandler`, `web.HTTPError`, …). Each member is also exported on
 * its own.
 */
import { Application } from './application.js';
import { RequestHandler } from './request-handler.js';
import { StaticFileHandler } from './static-file-handler.js';
import { RedirectHandler } from './redirect-handler.js';
import { ErrorHandler } from './error-handler.js';
import { URLSpec, url } from './url-spec.js';
import { Finish, HTTPError, MissingArgumentError } from './web-errors.js';

/** Tornado's `tornado.web` module. */
export const web = Object.freeze({
  Application,
  RequestHandler,
  StaticFileHandler,
  RedirectHandler,
  ErrorHandler,
  URLSpec,
  url,
  HTTPError,
  MissingArgumentError,
  Finish,
});
