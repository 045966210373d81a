// The outbound HTTP policy (SSRF protection): which hosts and networks HTTPRequest may reach. It is
// checked on every hop of a redirect chain, against the host name and against every address the
// name resolves to, inside the connection's own DNS lookup, so the address checked is the address
// connected to (no window for DNS rebinding). docs/semantics.md "HTTP requests" explains the default.
import { type ContextOptions } from '../sdk/index.js';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

export type HttpPolicy = NonNullable<ContextOptions['http']>;

export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;

/** Refused by the policy: HTTPRequest reports it as HTTP_REQUEST_FAILED with this message. */
export class PolicyDenied extends Error {}

const subnets = (list: BlockList, entries: string[]) => {
  for (const e of entries) {
    const [addr, bits] = e.split('/') as [string, string];
    const family = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    list.addSubnet(addr, Number(bits), family);
  }
  return list;
};

/** Link-local addresses: cloud metadata services (169.254.169.254, fd00:ec2::254 aside) live here. */
const LINK_LOCAL = subnets(new BlockList(), ['169.254.0.0/16', 'fe80::/10']);

/** Every address that is not on the public internet. */
const NON_PUBLIC = subnets(new BlockList(), [
  '0.0.0.0/8', // "this network"; 0.0.0.0 reaches the local machine
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16', // RFC 1918
  '100.64.0.0/10', // carrier-grade NAT
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local
  '192.0.0.0/24',
  '192.0.2.0/24',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24', // special use, benchmarking, documentation
  '224.0.0.0/4',
  '240.0.0.0/4', // multicast, reserved and broadcast
  '::/128',
  '::1/128', // unspecified, loopback
  'fc00::/7', // unique local
  'fe80::/10', // link-local
  'ff00::/8', // multicast
  '2001:db8::/32', // documentation
]);

const family = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');
export const isLinkLocal = (address: string): boolean => LINK_LOCAL.check(address, family(address));
export const isNonPublic = (address: string): boolean => NON_PUBLIC.check(address, family(address));

/** Host names are compared lower-case, without a trailing dot, IPv6 without brackets. */
export const normalHost = (host: string): string =>
  host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[(.*)\]$/, '$1');

interface HostRules {
  names: string[]; // exact names
  suffixes: string[]; // "*.example.com" → ".example.com"
  addresses: BlockList; // IPs and CIDR ranges
  hasAddresses: boolean;
}

/** Parses a list of entries: `api.example.com`, `*.example.com`, `10.1.2.3`, `10.0.0.0/8`, `fd00::/8`. */
export function hostRules(entries: readonly string[] | undefined, what: string): HostRules {
  const rules: HostRules = { names: [], suffixes: [], addresses: new BlockList(), hasAddresses: false };
  for (const raw of entries ?? []) {
    const e = normalHost(raw.trim());
    if (e === '') continue;
    const cidr = /^(.+)\/(\d{1,3})$/.exec(e);
    if (cidr && isIP(cidr[1]!)) {
      const bits = Number(cidr[2]);
      const fam = isIP(cidr[1]!) === 6 ? 'ipv6' : 'ipv4';
      if (bits > (fam === 'ipv6' ? 128 : 32)) throw new Error(`${what}: ${JSON.stringify(raw)} has a prefix longer than the address`);
      rules.addresses.addSubnet(cidr[1]!, bits, fam);
      rules.hasAddresses = true;
    } else if (isIP(e)) {
      rules.addresses.addAddress(e, family(e));
      rules.hasAddresses = true;
    } else if (e.startsWith('*.')) rules.suffixes.push(e.slice(1));
    else rules.names.push(e);
  }
  return rules;
}

const nameMatches = (r: HostRules, host: string): boolean => r.names.includes(host) || r.suffixes.some((s) => host.endsWith(s));
const addressMatches = (r: HostRules, address: string): boolean => r.hasAddresses && r.addresses.check(address, family(address));

/** A policy ready to check requests. Built once per execution and policy object. */
export class CompiledPolicy {
  private readonly allow: HostRules;
  private readonly deny: HostRules;
  private readonly restricted: boolean;
  readonly maxResponseBytes: number;
  readonly maxRedirects: number;
  readonly denyPrivateNetworks: boolean;

  constructor(policy: HttpPolicy = {}) {
    this.allow = hostRules(policy.allowHosts, 'allowHosts');
    this.deny = hostRules(policy.denyHosts, 'denyHosts');
    this.restricted = (policy.allowHosts ?? []).some((e) => e.trim() !== '');
    this.denyPrivateNetworks = policy.denyPrivateNetworks ?? false;
    this.maxResponseBytes = policy.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.maxRedirects = policy.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  }

  /** Before connecting: the host name alone (a literal IP address is checked as an address too). */
  checkHost(hostname: string): void {
    const host = normalHost(hostname);
    if (nameMatches(this.deny, host)) throw new PolicyDenied(`host ${host} is denied by the HTTP policy (denyHosts)`);
    if (isIP(host)) this.checkAddress(host, host);
  }

  /** Each address the host name resolved to (or the literal address), before connecting to it. */
  checkAddress(hostname: string, address: string): void {
    const host = normalHost(hostname);
    const at = host === address ? address : `${host} (${address})`;
    if (addressMatches(this.deny, address)) throw new PolicyDenied(`address ${at} is denied by the HTTP policy (denyHosts)`);
    const explicit = nameMatches(this.allow, host) || addressMatches(this.allow, address);
    if (this.restricted && !explicit) throw new PolicyDenied(`host ${at} is not in the HTTP policy's allowHosts`);
    if (explicit) return;
    if (isLinkLocal(address)) {
      throw new PolicyDenied(`address ${at} is link-local (where cloud metadata services live) and is refused unless allowHosts names it`);
    }
    if (this.denyPrivateNetworks && isNonPublic(address)) {
      throw new PolicyDenied(`address ${at} is on a private, loopback or reserved network, which the HTTP policy denies (denyPrivateNetworks)`);
    }
  }

  /** A DNS lookup for node:http that refuses to hand out an address the policy forbids. */
  lookup = (
    hostname: string,
    options: { all?: boolean; family?: number | string },
    callback: (err: Error | null, address?: string | LookupAddress[], family?: number) => void,
  ): void => {
    const fam = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : typeof options.family === 'number' ? options.family : 0;
    dnsLookup(hostname, { all: true, family: fam }, (err, addresses) => {
      if (err) return callback(err);
      try {
        if (addresses.length === 0) throw Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' });
        for (const a of addresses) this.checkAddress(hostname, a.address);
      } catch (e) {
        return callback(e as Error);
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

const cache = new WeakMap<HttpPolicy, CompiledPolicy>();
let defaultPolicy: CompiledPolicy | undefined;

/** The compiled form of an execution's policy (cached per policy object). */
export function compiledPolicy(policy: HttpPolicy | undefined): CompiledPolicy {
  if (!policy) return (defaultPolicy ??= new CompiledPolicy());
  let c = cache.get(policy);
  if (!c) cache.set(policy, (c = new CompiledPolicy(policy)));
  return c;
}
