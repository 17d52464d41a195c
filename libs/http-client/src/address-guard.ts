import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * SSRF guard: only public unicast addresses may be reached. Loopback, private (RFC 1918, fc00::/7),
 * link-local, CGNAT, multicast, unspecified, reserved and the like are refused; IPv4-mapped IPv6 is judged
 * as the IPv4 address it carries. Odd IPv4 spellings (decimal, octal, hex) are normalised by the WHATWG URL
 * parser before they reach here.
 */
export function isPublicAddress(ip: string): boolean {
  if (!ipaddr.isValid(ip)) return false;
  return ipaddr.process(ip).range() === 'unicast';
}

export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKED';
  constructor(readonly host: string, readonly address: string) {
    super(`${host === address ? address : `${host} resolves to ${address}`}: a non-public address (set ALLOW_PRIVATE_NETWORKS=true to allow it)`);
    this.name = 'BlockedAddressError';
  }
}

/** Throws when a URL names a literal non-public IP: such a host is connected to without any DNS lookup. */
export function assertPublicLiteral(url: URL): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !isPublicAddress(host)) throw new BlockedAddressError(url.hostname, host);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net.connect that refuses non-public results. Because it runs at connect time, the address
 * checked is the address used: a DNS answer that changes between check and use (rebinding) cannot slip by.
 */
export function guardedLookup(hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad) return callback(new BlockedAddressError(hostname, bad.address), []);
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    return callback(null, first.address, first.family);
  });
}
