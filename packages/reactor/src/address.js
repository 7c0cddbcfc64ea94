/**
 * Twisted's address objects (`IPv4Address`, `IPv6Address`, `UNIXAddress`), built from what a
 * core transport or server reports (`peername`, `sockname`, `addresses()`).
 */
/** A TCP address: Twisted's `IPv4Address` / `IPv6Address`. */
export class IPv4Address {
    type;
    host;
    port;
    constructor(
    /** Always `'TCP'` here (Twisted also has `'UDP'`). */
    type, 
    /** The host, as a dotted quad (or an IPv6 address for `IPv6Address`). */
    host, 
    /** The port number. */
    port) {
        this.type = type;
        this.host = host;
        this.port = port;
    }
    toString() {
        return `${this.constructor.name}(type='${this.type}', host='${this.host}', port=${this.port})`;
    }
}
/** An IPv6 TCP address. */
export class IPv6Address extends IPv4Address {
}
/** A UNIX socket address: Twisted's `UNIXAddress`. */
export class UNIXAddress {
    name;
    constructor(
    /** The socket's path. */
    name) {
        this.name = name;
    }
    toString() {
        return `UNIXAddress('${this.name}')`;
    }
}
/** Converts a Node/core address (`{ address, family, port }`, a path, or a tuple) to Twisted's. */
export function toAddress(value) {
    if (typeof value === 'string')
        return new UNIXAddress(value);
    if (Array.isArray(value)) {
        const [host, port] = value;
        return String(host).includes(':') ? new IPv6Address('TCP', host, port) : new IPv4Address('TCP', host, port);
    }
    if (typeof value === 'object' && value !== null && 'port' in value) {
        const { address, family, port } = value;
        const v6 = family === 'IPv6' || family === 6 || String(address).includes(':');
        return v6 ? new IPv6Address('TCP', address, port) : new IPv4Address('TCP', address, port);
    }
    return new UNIXAddress('');
}
//# sourceMappingURL=address.js.map