/**
 * `httpclient`: the namespace of `tornado.httpclient` (`httpclient.AsyncHTTPClient`,
 * `httpclient.HTTPRequest`, `httpclient.HTTPError`, …), where `HTTPError` is the client's error,
 * `HTTPClientError`, as in Tornado. Each member is also exported on its own.
 */
import { AsyncHTTPClient } from './async-http-client.js';
import { HTTPRequest } from './http-request.js';
import { HTTPResponse } from './http-client-response.js';
import { HTTPClientError, HTTPStreamClosedError, HTTPTimeoutError } from './http-client-errors.js';

/** Tornado's `tornado.httpclient` module. */
export const httpclient = Object.freeze({
  AsyncHTTPClient,
  HTTPRequest,
  HTTPResponse,
  HTTPClientError,
  HTTPError: HTTPClientError,
  HTTPTimeoutError,
  HTTPStreamClosedError,
});
