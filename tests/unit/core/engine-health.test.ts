// The engine health check: when a process is a provider host and what it watches (pure), what
// an answer means, and the watch against a real gRPC server on loopback that then goes away.
import { expect } from "chai";
import * as grpc from "@grpc/grpc-js";
import {
  engineAddressArgument,
  engineVerdict,
  HEALTH_CHECK_METHOD,
  providerHostEngineAddress,
  startEngineHealthCheck,
  watchEngine,
} from "../../../provider/core/engine-health";

const ENTRY = "/work/app/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js";

describe("engine health check", () => {
  describe("providerHostEngineAddress", () => {
    it("is the last argument of a dynamic-provider host, after any flags", () => {
      expect(providerHostEngineAddress(["/usr/bin/node", ENTRY, "127.0.0.1:40123"])).to.equal("127.0.0.1:40123");
      expect(providerHostEngineAddress(["node", ENTRY, "--logtostderr", "-v=9", "--tracing", "http://127.0.0.1:9411", "127.0.0.1:40123"])).to.equal("127.0.0.1:40123");
      expect(providerHostEngineAddress(["node", "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider", "[::1]:5000"])).to.equal("[::1]:5000");
      expect(providerHostEngineAddress(["node.exe", "C:\\p\\node_modules\\@pulumi\\pulumi\\cmd\\dynamic-provider\\index.js", "localhost:5000"])).to.equal("localhost:5000");
    });

    it("is undefined anywhere else: a program, a test runner, a language host, a host without an address", () => {
      expect(providerHostEngineAddress(["node", "/p/node_modules/@pulumi/pulumi/cmd/run/index.js", "--engine", "127.0.0.1:1", "."])).to.equal(undefined);
      expect(providerHostEngineAddress(process.argv)).to.equal(undefined);
      expect(providerHostEngineAddress(["node", "/p/dist/scripts/language-host/main.js", "127.0.0.1:40123"])).to.equal(undefined);
      expect(providerHostEngineAddress(["node", ENTRY])).to.equal(undefined);
      expect(providerHostEngineAddress(["node", ENTRY, "--logtostderr"])).to.equal(undefined);
      expect(providerHostEngineAddress(["node", "/p/not-pulumi/cmd/dynamic-provider/index.js", "127.0.0.1:1"])).to.equal(undefined);
      expect(providerHostEngineAddress(["node"])).to.equal(undefined);
    });

    it("takes only host:port as an address", () => {
      expect(engineAddressArgument(["127.0.0.1:1"])).to.equal("127.0.0.1:1");
      expect(engineAddressArgument(["http://127.0.0.1:1"])).to.equal(undefined);
      expect(engineAddressArgument(["127.0.0.1"])).to.equal(undefined);
      expect(engineAddressArgument([])).to.equal(undefined);
    });
  });

  describe("engineVerdict", () => {
    it("counts an answer and UNIMPLEMENTED as alive, any other failure as gone, as Pulumi's rpcutil.Healthcheck does", () => {
      expect(engineVerdict(null)).to.equal("alive");
      expect(engineVerdict({ code: grpc.status.UNIMPLEMENTED })).to.equal("alive");
      expect(engineVerdict({ code: grpc.status.UNAVAILABLE })).to.equal("gone");
      expect(engineVerdict({ code: grpc.status.DEADLINE_EXCEEDED })).to.equal("gone");
      expect(engineVerdict({})).to.equal("gone");
    });
  });

  describe("startEngineHealthCheck", () => {
    it("does nothing outside a provider host, so it is safe in programs and tests", () => {
      startEngineHealthCheck();
      startEngineHealthCheck(["node", "/p/node_modules/@pulumi/pulumi/cmd/run/index.js", "127.0.0.1:1"]);
      expect((globalThis as Record<symbol, unknown>)[Symbol.for("ucflow.engineHealthCheck")]).to.equal(undefined);
    });
  });

  describe("watchEngine", () => {
    it("keeps checking a live engine, then reports it gone once it stops answering", async () => {
      const engine = await fakeEngine((_call, answer) => answer(null, Buffer.from([0x08, 0x01]))); // SERVING
      let gone = false;
      const goneReported = new Promise<void>((resolve) => {
        watchEngine(engine.address, {
          intervalMs: 5,
          onGone: () => {
            gone = true;
            resolve();
          },
        });
      });
      await engine.checked(3);
      expect(gone, "alive while it answers").to.equal(false);
      engine.server.forceShutdown();
      await goneReported;
    });

    it("counts UNIMPLEMENTED as alive, and stops checking when stopped", async () => {
      const engine = await fakeEngine((_call, answer) => answer({ code: grpc.status.UNIMPLEMENTED, details: "no health service" }));
      let gone = false;
      const watch = watchEngine(engine.address, { intervalMs: 5, onGone: () => (gone = true) });
      await engine.checked(3);
      watch.stop();
      const seen = engine.count();
      engine.server.forceShutdown();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(gone).to.equal(false);
      expect(engine.count()).to.be.at.most(seen + 1);
    });

    it("refuses an interval that is not a positive whole number", () => {
      expect(() => watchEngine("127.0.0.1:1", { intervalMs: 0, onGone: () => undefined })).to.throw("intervalMs must be a positive whole number of milliseconds; got 0");
    });
  });
});

type CheckHandler = (call: unknown, answer: (error: Partial<grpc.ServiceError> | null, value?: Buffer) => void) => void;

/** A gRPC server on loopback answering grpc.health.v1.Health/Check with `handle`, counting calls. */
async function fakeEngine(handle: CheckHandler) {
  const server = new grpc.Server();
  let checks = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const identity = (b: Buffer) => b;
  server.addService(
    { Check: { path: HEALTH_CHECK_METHOD, requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity } },
    {
      Check: (call: unknown, answer: (error: Partial<grpc.ServiceError> | null, value?: Buffer) => void) => {
        checks++;
        for (const w of waiters.filter((w) => checks >= w.n)) w.resolve();
        handle(call, answer);
      },
    },
  );
  const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  return {
    server,
    address: `127.0.0.1:${port}`,
    count: () => checks,
    checked: (n: number) => new Promise<void>((resolve) => (checks >= n ? resolve() : waiters.push({ n, resolve }))),
  };
}
