/**
 * Which IP addresses count as public (fetchable by the SSRF guard). Classified with ipaddr.js against the
 * IANA special-purpose registries: only its `unicast` range (global unicast) is public. An IPv6 address
 * that embeds an IPv4 address is classified by what it embeds, because a host, a relay or a NAT64
 * gateway delivers it there:
 *
 * | form                          | range               | embedded IPv4                                     |
 * | ----------------------------- | ------------------- | ------------------------------------------------- |
 * | IPv4-compatible (RFC 4291)    | ::/96               | last 32 bits (`::127.0.0.1` = `::7f00:1`)          |
 * | IPv4-mapped (RFC 4291)        | ::ffff:0:0/96       | last 32 bits                                      |
 * | IPv4-translated (RFC 6145)    | ::ffff:0:0:0/96     | last 32 bits                                      |
 * | NAT64 well-known (RFC 6052)   | 64:ff9b::/96        | last 32 bits                                      |
 * | 6to4 (RFC 3056)               | 2002::/16           | bits 16–47                                        |
 * | Teredo (RFC 4380)             | 2001::/32           | server: bits 32–63; client: last 32 bits, inverted |
 *
 * Local-use NAT64 (RFC 8215, 64:ff9b:1::/48) is never public: where the IPv4 address sits depends on the
 * operator's prefix length, and the range is not globally routable anyway. A Teredo address is public
 * only when both its server and its client address are.
 */
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

type V4 = ipaddr.IPv4;
type V6 = ipaddr.IPv6;

const v4 = (bytes: number[]): V4 => new ipaddr.IPv4(bytes);

/** Local-use NAT64 (RFC 8215): the embedded address's place depends on the operator's prefix length. */
const LOCAL_USE_NAT64 = ipaddr.parseCIDR('64:ff9b:1::/48') as [V6, number];

/** The IPv4 addresses an IPv6 form delivers to (see the table above); null when it embeds none. */
function embeddedIpv4(address: V6): V4[] | null {
  const bytes = address.toByteArray();
  const last32 = bytes.slice(12, 16);
  switch (address.range()) {
    case 'ipv4Mapped':
    case 'rfc6145':
    case 'rfc6052':
      return [v4(last32)];
    case '6to4':
      return [v4(bytes.slice(2, 6))];
    case 'teredo':
      return [v4(bytes.slice(4, 8)), v4(last32.map((byte) => byte ^ 0xff))];
    default:
      // IPv4-compatible: the first 96 bits are zero (:: and ::1 included, embedding 0.0.0.0 and 0.0.0.1).
      return bytes.slice(0, 12).every((byte) => byte === 0) ? [v4(last32)] : null;
  }
}

function isPublicV4(address: V4): boolean {
  return address.range() === 'unicast';
}

function isPublicV6(address: V6): boolean {
  if (address.match(LOCAL_USE_NAT64)) return false;
  const embedded = embeddedIpv4(address);
  if (embedded) return embedded.every(isPublicV4);
  return address.range() === 'unicast';
}

/** True only for a literal IPv4/IPv6 address in a globally routable unicast range; false for anything else. */
export function isPublicAddress(address: string): boolean {
  if (!isIP(address)) return false;
  let parsed: V4 | V6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return false;
  }
  return parsed.kind() === 'ipv4' ? isPublicV4(parsed as V4) : isPublicV6(parsed as V6);
}
