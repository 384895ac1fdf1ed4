import dns from "node:dns";
import http from "node:http";
import net, { type LookupFunction } from "node:net";
import tls from "node:tls";

import { afterEach, describe, expect, it } from "vitest";

import {
  blockedTargets,
  NonLoopbackConnectionError,
} from "./support/network-guard.js";
import { makeTempDir } from "./support/stores.js";
import { runWorker } from "./support/worker.js";

// The blocked targets are 127.0.0.2, which is loopback but outside the
// allowed hosts, and host names that resolve to 127.0.0.1 through a custom
// lookup. So a broken guard would still send nothing off this machine.
const OUTSIDE_ADDRESS = "127.0.0.2";
const OUTSIDE_HOST = "accounts.example.com";
const resolveToLoopback: LookupFunction = (_hostname, options, callback) => {
  if (options.all) {
    callback(null, [{ address: "127.0.0.1", family: 4 }]);
  } else {
    callback(null, "127.0.0.1", 4);
  }
};

afterEach(() => {
  // These tests cause blocked attempts on purpose. The setup file fails any
  // test that leaves one behind.
  blockedTargets.splice(0);
});

describe("network guard", () => {
  it("net.connect to other address throws", () => {
    expect(() => net.connect({ host: OUTSIDE_ADDRESS, port: 9 })).toThrow(
      NonLoopbackConnectionError,
    );
    expect(() => net.createConnection(9, OUTSIDE_ADDRESS)).toThrow(
      NonLoopbackConnectionError,
    );
    expect(blockedTargets).toEqual([
      `${OUTSIDE_ADDRESS}:9`,
      `${OUTSIDE_ADDRESS}:9`,
    ]);
  });

  it("Socket#connect to host name throws", () => {
    const socket = new net.Socket();
    expect(() =>
      socket.connect({
        host: OUTSIDE_HOST,
        port: 443,
        lookup: resolveToLoopback,
      }),
    ).toThrow(/Blocked a connection to accounts\.example\.com:443/);
    socket.destroy();
  });

  it("tls.connect to host name throws", () => {
    expect(() =>
      tls.connect({ host: OUTSIDE_HOST, port: 443, lookup: resolveToLoopback }),
    ).toThrow(NonLoopbackConnectionError);
  });

  it("dns.lookup of other address throws", async () => {
    expect(() => dns.lookup(OUTSIDE_ADDRESS, () => {})).toThrow(
      NonLoopbackConnectionError,
    );
    expect(() => dns.promises.lookup(OUTSIDE_ADDRESS)).toThrow(
      NonLoopbackConnectionError,
    );
  });

  it("http request to other host fails", async () => {
    const request = () =>
      new Promise<void>((resolve, reject) => {
        const outgoing = http.get(
          { host: OUTSIDE_HOST, port: 80, lookup: resolveToLoopback },
          () => resolve(),
        );
        outgoing.on("error", reject);
      });
    await expect(request()).rejects.toThrow(NonLoopbackConnectionError);
    expect(blockedTargets).toEqual([`${OUTSIDE_HOST}:80`]);
  });

  it("loopback connections still work", async () => {
    const server = net.createServer((socket) => socket.end("ok"));
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve()),
    );
    const { port } = server.address() as net.AddressInfo;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect({ host: "127.0.0.1", port });
      let data = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => (data += chunk));
      socket.on("end", () => resolve(data));
      socket.on("error", reject);
    });
    server.close();
    expect(reply).toBe("ok");
    expect(blockedTargets).toEqual([]);
  });

  it("worker process fails on blocked connection", async () => {
    // The SDK logs and drops the error of its current-user lookup, and the
    // worker prints the error of its API call as a result. Only the guard's
    // exit hook makes the worker exit non-zero.
    const resources = makeTempDir();
    try {
      const attempt = runWorker({
        sdk: "typescript-sdk",
        store: { kind: "memory" },
        apiUrl: `http://${OUTSIDE_ADDRESS}:9`,
        accountsUrl: `http://${OUTSIDE_ADDRESS}:9/oauth/v2/token`,
        resourcePath: resources.path,
        token: { accessToken: "access-token" },
      });
      await expect(attempt).rejects.toThrow(
        /Blocked non-loopback connections: 127\.0\.0\.2:9/,
      );
    } finally {
      resources.remove();
    }
  });
});
