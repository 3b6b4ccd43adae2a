// The token endpoint under transient faults, through the credential ucflow builds from its
// settings (@azure/identity's ClientSecretCredential): a 429 with Retry-After, a 503 and a
// dropped connection on the token request are each retried, and the token comes.
import { expect } from "chai";
import { chooseCredential, createCredential, readMicrosoftSettings } from "../../../provider/backends/graph/credentials";
import { getAccessToken } from "../../../provider/core/access-token";
import type { FaultRuleInput } from "../../../lab/faults/fault-rules";
import { GRAPH_SCOPE, type MicrosoftLab, providerSettingsFor, withMicrosoftLab } from "./support";

describe("lab Microsoft simulators: the token endpoint under transient faults", function () {
  this.timeout(60_000);
  let env: MicrosoftLab;

  withMicrosoftLab((lab) => {
    env = lab;
  });

  const credential = () => {
    const settings = providerSettingsFor(env);
    return createCredential(chooseCredential(readMicrosoftSettings((key) => settings[`ucflow:${key}`], {})));
  };

  const cases: [string, FaultRuleInput][] = [
    ["429 with Retry-After", { service: "entra", method: "POST", action: "status", status: 429, retryAfter: 1, count: 1 }],
    ["503", { service: "entra", method: "POST", action: "status", status: 503, count: 1 }],
    ["a dropped connection", { service: "entra", method: "POST", action: "reset", count: 1 }],
    ["503 on the authority's metadata (the GET before the token request)", { service: "entra", method: "GET", action: "status", status: 503, count: 1 }],
    ["a dropped connection on the authority's metadata", { service: "entra", method: "GET", action: "reset", count: 1 }],
  ];
  for (const [what, rule] of cases) {
    it(`retries a token request answered ${what}`, async () => {
      const [added] = await env.control.addFaults([rule]);
      const token = await getAccessToken(credential(), [GRAPH_SCOPE]);
      expect(token).to.match(/^ey/);
      expect((await env.control.faults()).rules.find((r) => r.id === added!.id)?.fired, "the fault fired").to.equal(1);
    });
  }
});
