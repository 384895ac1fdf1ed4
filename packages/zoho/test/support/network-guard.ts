import dns from "node:dns";
import net from "node:net";
import tls from "node:tls";

/**
 * Hosts that tests may connect to. Anything else, other 127.0.0.0/8
 * addresses included, is blocked, so a test can prove the guard with an
 * address that stays on this machine.
 */
const ALLOWED_HOSTS = new Set(["127.0.0.1", "::1", "localhost"]);

/** Connection targets that the guard blocked, as `host:port` or `host`. */
export const blockedTargets: string[] = [];

export class NonLoopbackConnectionError extends Error {
  override readonly name = "NonLoopbackConnectionError";
}

function normalizeHost(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/** Throws for a target outside 127.0.0.1, ::1 and localhost. */
export function assertLoopbackTarget(
  host: string | undefined,
  port?: unknown,
): void {
  // Node connects to localhost when no host is given.
  if (host === undefined || ALLOWED_HOSTS.has(normalizeHost(host))) {
    return;
  }
  const target = port === undefined ? host : `${host}:${String(port)}`;
  blockedTargets.push(target);
  throw new NonLoopbackConnectionError(
    `Blocked a connection to ${target}: tests may only connect to ` +
      "127.0.0.1, ::1 or localhost",
  );
}

interface ConnectTarget {
  host?: string;
  port?: unknown;
  path?: string;
}

/**
 * Reads the target of a `Socket#connect` call in each of its forms:
 * `(options)`, `(port, host?)`, `(path)`, and the normalized argument array
 * that `net.connect` passes on.
 */
function connectTarget(args: unknown[]): ConnectTarget {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === "object" && first !== null) {
    const options = first as Record<string, unknown>;
    return {
      host: typeof options.host === "string" ? options.host : undefined,
      port: options.port,
      path: typeof options.path === "string" ? options.path : undefined,
    };
  }
  if (typeof first === "number" || /^[0-9]+$/.test(String(first))) {
    return {
      port: first,
      host: typeof args[1] === "string" ? args[1] : undefined,
    };
  }
  return { path: String(first) };
}

let installed = false;

/**
 * Patches `net.Socket.prototype.connect`, `net.connect`,
 * `net.createConnection`, `tls.connect`, `dns.lookup` and
 * `dns.promises.lookup` so that any target other than 127.0.0.1, ::1 or
 * localhost throws `NonLoopbackConnectionError` before a packet is sent.
 * Unix socket paths are allowed, because they never leave the machine.
 */
export function installNetworkGuard(): void {
  if (installed) {
    return;
  }
  installed = true;

  const socketConnect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(
    this: net.Socket,
    ...args: unknown[]
  ) {
    const target = connectTarget(args);
    if (target.path === undefined) {
      assertLoopbackTarget(target.host, target.port);
    }
    return (socketConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof socketConnect;

  const netConnect = net.connect;
  const guardedNetConnect = function (...args: unknown[]) {
    const target = connectTarget(args);
    if (target.path === undefined) {
      assertLoopbackTarget(target.host, target.port);
    }
    return (netConnect as (...a: unknown[]) => net.Socket)(...args);
  } as typeof net.connect;
  net.connect = guardedNetConnect;
  net.createConnection = guardedNetConnect;

  const tlsConnect = tls.connect;
  tls.connect = function (...args: unknown[]) {
    const target = connectTarget(args);
    if (target.path === undefined) {
      assertLoopbackTarget(target.host, target.port);
    }
    return (tlsConnect as (...a: unknown[]) => tls.TLSSocket)(...args);
  } as typeof tls.connect;

  const lookup = dns.lookup;
  dns.lookup = function (hostname: string, ...rest: unknown[]) {
    assertLoopbackTarget(hostname);
    return (lookup as (...a: unknown[]) => void)(hostname, ...rest);
  } as typeof dns.lookup;

  const promisesLookup = dns.promises.lookup;
  dns.promises.lookup = function (hostname: string, ...rest: unknown[]) {
    assertLoopbackTarget(hostname);
    return (promisesLookup as (...a: unknown[]) => Promise<unknown>)(
      hostname,
      ...rest,
    );
  } as typeof dns.promises.lookup;
}
