/**
 * Twisted's address objects (`IPv4Address`, `IPv6Address`, `UNIXAddress`), built from what a
 * core transport or server reports (`peername`, `sockname`, `addresses()`).
 */
/** A TCP address: Twisted's `IPv4Address` / `IPv6Address`. */
export declare class IPv4Address {
    /** Always `'TCP'` here (Twisted also has `'UDP'`). */
    readonly type: 'TCP';
    /** The host, as a dotted quad (or an IPv6 address for `IPv6Address`). */
    readonly host: string;
    /** The port number. */
    readonly port: number;
    constructor(
    /** Always `'TCP'` here (Twisted also has `'UDP'`). */
    type: 'TCP', 
    /** The host, as a dotted quad (or an IPv6 address for `IPv6Address`). */
    host: string, 
    /** The port number. */
    port: number);
    toString(): string;
}
/** An IPv6 TCP address. */
export declare class IPv6Address extends IPv4Address {
}
/** A UNIX socket address: Twisted's `UNIXAddress`. */
export declare class UNIXAddress {
    /** The socket's path. */
    readonly name: string;
    constructor(
    /** The socket's path. */
    name: string);
    toString(): string;
}
/** Any address a Twisted transport reports. */
export type Address = IPv4Address | UNIXAddress;
/** Converts a Node/core address (`{ address, family, port }`, a path, or a tuple) to Twisted's. */
export declare function toAddress(value: unknown): Address;
//# sourceMappingURL=address.d.ts.map