import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may post. A subscription's URL is typed by staff but fetched by the server, so
 * in production it must not reach the server's own network (loopback, private ranges, link-local
 * cloud metadata): that would let a form turn Ponte into a probe of its own infrastructure.
 * Development and tests post to a local receiver, so configuration can allow private addresses.
 */

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address (v4 or v6, IPv4-mapped included) is loopback, private, link-local or reserved. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return blocked.check(mapped[1], 'ipv4');
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, 'ipv4');
  if (family === 6) return blocked.check(bare, 'ipv6');
  return false;
}

/** A host name that names this machine or the local network without DNS. */
export function isLocalName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.internal') || !h.includes('.');
}

/** Whether the host of a URL is refused when private addresses are not allowed (no DNS lookup). */
export function isPrivateHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) ? isPrivateAddress(bare) : isLocalName(bare);
}

/**
 * Checked again at every delivery: a public name may resolve to a private address (or be changed
 * to after the subscription was saved). Returns the reason to refuse, or null.
 */
export async function privateTarget(hostname: string): Promise<string | null> {
  if (isPrivateHost(hostname)) return `address ${hostname} is private`;
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return null;
  const found = await lookup(bare, { all: true });
  const bad = found.find((a) => isPrivateAddress(a.address));
  return bad ? `${hostname} resolves to the private address ${bad.address}` : null;
}
