/**
 * `ClientCreator`: connect once and get a Deferred of the connected protocol, as Twisted's
 * `protocol.ClientCreator`. The Deferred fails with the `ConnectError` if the connection
 * cannot be made; cancelling it stops the attempt.
 */
import { InvalidArgumentError, describeValue } from '@async/loop';
import type { Reactor, ConnectOptions } from './reactor.js';
import type { Protocol } from './protocol.js';
import { ClientFactory, type ProtocolClass } from './factory.js';
import { Deferred } from './deferred.js';
import type { Connector } from './connector.js';
import type { Failure } from './failure.js';

/** A one-shot client factory firing a Deferred with the connected protocol. */
class CreatorFactory<P extends Protocol> extends ClientFactory<P> {
  readonly deferred: Deferred<P>;
  private _connector: Connector | null = null;

  constructor(private readonly _build: () => P) {
    super();
    this.deferred = new Deferred<P>(() => this._connector?.disconnect());
  }

  setConnector(connector: Connector): void {
    this._connector = connector;
    if (this.deferred.called) connector.disconnect();
  }

  override buildProtocol(): P {
    const p = this._build();
    p.factory = this;
    const connectionMade = p.connectionMade;
    p.connectionMade = () => {
      connectionMade.call(p);
      if (!this.deferred.called) this.deferred.callback(p);
    };
    return p;
  }

  override clientConnectionFailed(_connector: Connector, reason: Failure): void {
    if (!this.deferred.called) this.deferred.errback(reason);
  }
}

/** Twisted's `ClientCreator`: builds `protocolClass` for each connection it makes. */
export class ClientCreator<P extends Protocol> {
  constructor(
    private readonly _reactor: Reactor,
    private readonly _protocolClass: ProtocolClass<P>,
  ) {
    if (typeof _protocolClass !== 'function') {
      throw new InvalidArgumentError(`ClientCreator(protocolClass) must be a class, got ${describeValue(_protocolClass)}`);
    }
  }

  /** Connects by TCP; the Deferred fires with the protocol once `connectionMade()` has run. */
  connectTCP(host: string, port: number, options: ConnectOptions = {}): Deferred<P> {
    const factory = new CreatorFactory(() => new this._protocolClass());
    factory.setConnector(this._reactor.connectTCP(host, port, factory, options));
    return factory.deferred;
  }

  /** Connects to a UNIX socket. */
  connectUNIX(address: string, options: { timeout?: number } = {}): Deferred<P> {
    const factory = new CreatorFactory(() => new this._protocolClass());
    factory.setConnector(this._reactor.connectUNIX(address, factory, options));
    return factory.deferred;
  }
}
