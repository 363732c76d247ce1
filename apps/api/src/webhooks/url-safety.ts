import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { ValidationError } from '@ledger/domain';

/**
 * Where a webhook may be sent. A receiver's URL is chosen by a secretariat, so the API must not become
 * a way into the network it runs in (SSRF): only https, no credentials in the URL, and never an address
 * that is private, loopback, link-local (cloud metadata at 169.254.169.254), shared, multicast or
 * reserved. The address is checked again on every attempt, at the moment of connecting (a `lookup`
 * that refuses), so a name that later resolves elsewhere (DNS rebinding) is caught too; redirects are
 * never followed. `allowLoopback` (LEDGER_WEBHOOK_ALLOW_LOOPBACK, refused in production) lets tests and
 * development send over http to 127.0.0.1, ::1 and localhost, and nowhere else private.
 */
const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv6');
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.']);

/** An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is. */
function unmapped(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

/** Why a webhook may not be sent to this IP address, or null when it may. */
export function addressProblem(ip: string, allowLoopback: boolean): string | null {
  const { address, family } = unmapped(ip);
  if (allowLoopback && LOOPBACK.check(address, family)) return null;
  if (FORBIDDEN.check(address, family)) return `${ip} is a private, loopback, link-local or reserved address`;
  return null;
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '');

/**
 * The receiver URL as registered, or a ValidationError naming `url` and the rule: https (http only to
 * this machine when loopback is allowed), no user or password, no fragment, and not an IP address or
 * name webhooks may never reach. Names are resolved on each attempt (see `guardedLookup`).
 */
export function requireWebhookUrl(text: string, allowLoopback: boolean): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError('url', 'webhookUrl', 'url must be an absolute https URL');
  }
  const host = bare(url.hostname).toLowerCase();
  const loopback = LOOPBACK_NAMES.has(host) || (isIP(host) !== 0 && LOOPBACK.check(unmapped(host).address, unmapped(host).family));
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowLoopback && loopback)) {
    throw new ValidationError('url', 'webhookUrl', 'url must use https (http only to this machine, in tests with LEDGER_WEBHOOK_ALLOW_LOOPBACK=true)');
  }
  if (url.username || url.password) throw new ValidationError('url', 'webhookUrl', 'url must not carry a user name or password');
  if (url.hash) throw new ValidationError('url', 'webhookUrl', 'url must not carry a fragment (#…)');
  if (LOOPBACK_NAMES.has(host) && !allowLoopback) throw new ValidationError('url', 'webhookUrl', `url must not name this machine (${host})`);
  if (isIP(host) !== 0) {
    const problem = addressProblem(host, allowLoopback);
    // "url must not point at 10.1.2.3, a private, loopback, link-local or reserved address"
    if (problem) throw new ValidationError('url', 'webhookUrl', `url must not point at ${problem.replace(' is a ', ', a ')}`);
  }
  return url.toString();
}

/** The socket's `lookup`: resolves the name, and refuses it when any address it resolves to is forbidden. */
export function guardedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as LookupAddress[];
      const refused = list.map(({ address }) => addressProblem(address, allowLoopback)).find((problem) => problem !== null);
      if (refused) return callback(Object.assign(new Error(`Refused to connect to ${hostname}: ${refused}`), { code: 'EWEBHOOKADDRESS' }), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}
