// The provider packaging rule (docs/provider-packaging.md): for every dynamic resource kind,
// the serialized `__provider` text that the engine stores twice in every resource's state is
// small and holds no credential, whatever credentials the process can see.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { dynamicProvider } from "../../sdk/dynamic-provider";
import { RESOURCE_KINDS } from "../../sdk/resource-kinds";
import { Note, NOTE_PROVIDER_MODULE } from "../engine/fixtures/note";

const MAX_PROVIDER_BYTES = 4096;

// Values planted where credentials live (environment and stack config) before serializing.
const PLANTED = {
  AZURE_CLIENT_SECRET: "planted-azure-secret-5b1f0e",
  AZURE_CLIENT_CERTIFICATE_PASSWORD: "planted-certificate-password-93ac21",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "planted-github-oidc-token-7d4e10",
  UCFLOW_LDAP_BIND_PASSWORD: "planted-ldap-password-2c8b77",
  UCFLOW_CLUSTER_CLUSTER1_PASSWORD: "planted-axl-password-61d0c4",
};
const PLANTED_CLUSTER_PASSWORD = "planted-axl-config-password-0e7b95";

/** The same call `pulumi.dynamic.Resource` makes for its `__provider` input. */
async function serialize(provider: pulumi.dynamic.ResourceProvider): Promise<string> {
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return serialized.text;
}

describe("provider packaging rule", () => {
  const saved: Record<string, string | undefined> = {};
  before(() => {
    for (const [k, v] of Object.entries(PLANTED)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    pulumi.runtime.setAllConfig(
      {
        "ucflow:clientSecret": PLANTED.AZURE_CLIENT_SECRET,
        "ucflow:clientCertificatePassword": PLANTED.AZURE_CLIENT_CERTIFICATE_PASSWORD,
        "ucflow:clusters": JSON.stringify({ Cluster1: { host: "cucm-pub.example.com", username: "ucflow-axl", password: PLANTED_CLUSTER_PASSWORD } }),
      },
      ["ucflow:clientSecret", "ucflow:clientCertificatePassword", "ucflow:clusters"],
    );
  });
  after(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  const kinds: [string, string][] = [["harness self-test Note", NOTE_PROVIDER_MODULE], ...Object.entries(RESOURCE_KINDS as Readonly<Record<string, string>>)];
  for (const [kind, implementation] of kinds) {
    describe(kind, () => {
      let text: string;
      before(async () => {
        text = await serialize(dynamicProvider(implementation));
      });

      it(`serializes to under ${MAX_PROVIDER_BYTES} bytes`, () => {
        expect(Buffer.byteLength(text)).to.be.greaterThan(0).and.lessThan(MAX_PROVIDER_BYTES);
      });

      it("contains no credential value", () => {
        for (const value of [...Object.values(PLANTED), PLANTED_CLUSTER_PASSWORD]) expect(text).not.to.include(value);
      });

      it("loads its implementation by module path instead of carrying it", () => {
        expect(text).to.include(JSON.stringify(implementation));
        const implementationModule = require(implementation);
        expect(implementationModule.provider, `${implementation} exports provider`).to.be.an("object");
        expect(implementationModule.provider.create).to.be.a("function");
      });
    });
  }

  it("is what a dynamic resource actually sends to the engine", async () => {
    const captured: string[] = [];
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          captured.push(args.inputs.__provider);
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: () => ({}),
      },
      "packaging",
      "test",
      false,
    );
    const note = new Note("delta", { directory: "/tmp/x", name: "delta", content: "fourth" });
    await new Promise<void>((resolve) => note.id.apply(() => resolve()));
    expect(captured).to.have.length(1);
    expect(captured[0]).to.equal(await serialize(dynamicProvider(NOTE_PROVIDER_MODULE)));
  });

  it("serializes a kind's provider once per program, not once per resource", () => {
    expect(dynamicProvider(NOTE_PROVIDER_MODULE)).to.equal(dynamicProvider(NOTE_PROVIDER_MODULE));
  });
});
